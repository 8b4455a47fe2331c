package io.kavsak.hub.indexing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * This replica's search index: Lucene HNSW vectors plus BM25 keyword scoring over the same records,
 * derived from the {@link VectorStore} (rebuilt at start, kept fresh by {@code indexing.vector.changed}).
 * Tenant, collections, datasource and model are a filter inside the kNN query, so a small tenant still
 * gets k hits; hybrid results are fused by reciprocal rank fusion (score = sum of 1 / (60 + rank)). Replicas
 * holding the same records rank them alike: keyword statistics count live records only
 * ({@link LiveStatisticsSearcher}) and equal scores are ordered by record key, not by Lucene's document ids.
 */
public class LuceneSearchIndex implements AutoCloseable {

    /** The constant of reciprocal rank fusion (Cormack et al. 2009). */
    static final int RRF_K = 60;

    /** Neighbours the HNSW search looks for at least, whatever k (see IndexingBenchmarkIT's recall@10). */
    static final int CANDIDATES = 100;

    public enum Mode { VECTOR, KEYWORD, HYBRID }

    /** Best first; equal scores by key, the same on every replica whatever order it wrote the records in. */
    private static final Sort RANKING = new Sort(SortField.FIELD_SCORE, new SortField("key", SortField.Type.STRING));

    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() { };
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Keyword analysis: English stop words out (a question's "which", "the", "of" would otherwise match every
     * golden question) and Porter stems, so "tasks" finds TASK and "deployed" finds DEPLOYMENT.
     */
    private final Analyzer analyzer = new EnglishAnalyzer();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    /** Each record's content hash, by key: the change consumer's "did it change?" without opening a searcher. */
    private final Map<String, String> hashes = new ConcurrentHashMap<>();
    /** Writes made, and the number of them the open searcher is known to contain (refresh on read, see below). */
    private final AtomicLong writes = new AtomicLong();
    private final Object refreshing = new Object();
    private volatile long searchable;

    public LuceneSearchIndex() {
        try {
            writer = new IndexWriter(new ByteBuffersDirectory(), new IndexWriterConfig(analyzer));
            searchers = new SearcherManager(writer, new SearcherFactory() {
                @Override
                public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) throws IOException {
                    return new LiveStatisticsSearcher(reader, "words", "words_length");
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds or replaces a record; visible to every search that starts after this returns. The searcher is not
     * reopened here but by the next search ({@link #withSearcher}): a full re-index of thousands of records then
     * costs one reopen instead of one per record (measured in docs/benchmarks.md, "Indexing").
     */
    public void put(StoredVector vector) {
        putQuietly(vector);
    }

    /** Same as {@link #put}; kept for the bulk rebuild, which calls {@link #refresh()} at the end. */
    public void putQuietly(StoredVector vector) {
        IndexedRecord r = vector.record();
        String key = key(r.tenantId(), r.collection(), r.recordId());
        String words = words(r.content());
        Document doc = new Document();
        doc.add(new StringField("key", key, Field.Store.NO));
        doc.add(new SortedDocValuesField("key", new BytesRef(key)));
        doc.add(new StringField("tenant", r.tenantId(), Field.Store.NO));
        doc.add(new StringField("collection", r.collection().id(), Field.Store.YES));
        doc.add(new StringField("model", vector.model(), Field.Store.NO));
        doc.add(new StringField("hash", vector.contentHash(), Field.Store.YES));
        if (r.datasourceId() != null) {
            doc.add(new StringField("datasource", r.datasourceId(), Field.Store.NO));
        }
        doc.add(new StoredField("record", r.recordId()));
        doc.add(new StoredField("content", r.content()));
        doc.add(new TextField("words", words, Field.Store.NO));
        doc.add(new NumericDocValuesField("words_length", tokens(words)));
        try {
            doc.add(new StoredField("metadata", JSON.writeValueAsString(r.metadata())));
            doc.add(new KnnFloatVectorField(vectorField(vector.embedding().length), vector.embedding(),
                    VectorSimilarityFunction.COSINE));
            writer.updateDocument(new Term("key", key), doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        hashes.put(key, vector.contentHash());
        writes.incrementAndGet();
    }

    public void remove(String tenantId, Collection collection, String recordId) {
        try {
            writer.deleteDocuments(new Term("key", key(tenantId, collection, recordId)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        hashes.remove(key(tenantId, collection, recordId));
        writes.incrementAndGet();
    }

    /** The content hash this replica holds for a record, if any. */
    public Optional<String> contentHash(String tenantId, Collection collection, String recordId) {
        return Optional.ofNullable(hashes.get(key(tenantId, collection, recordId)));
    }

    public int size() {
        return withSearcher(searcher -> searcher.getIndexReader().numDocs());
    }

    public void refresh() {
        long target = writes.get();
        if (searchable >= target) {
            return;
        }
        synchronized (refreshing) {
            if (searchable >= target) {
                return;
            }
            long made = writes.get();
            try {
                searchers.maybeRefreshBlocking();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            searchable = made;
        }
    }

    /** The k best records of one tenant (and datasource) made by {@code model}, in the given mode. */
    public List<SearchHit> search(String tenantId, List<Collection> collections, String datasourceId, String model,
                                  float[] queryVector, String question, int k, Mode mode) {
        Query filter = filter(tenantId, collections, datasourceId, model);
        // fusion looks deeper than k into each list, so a record ranked well by both is not cut off by either
        int depth = mode == Mode.HYBRID ? Math.max(4 * k, 40) : k;
        return withSearcher(searcher -> {
            Map<Integer, Double> fused = new LinkedHashMap<>();
            if (mode != Mode.KEYWORD) {
                // the graph is searched for at least CANDIDATES neighbours and the best depth kept: with k alone, a
                // tenant filter matching a fifth of the index gave recall@10 of 0.80 against exact search
                Query knn = new KnnFloatVectorQuery(vectorField(queryVector.length), queryVector,
                        Math.max(depth, CANDIDATES), filter);
                fuse(fused, searcher.search(knn, depth, RANKING, true), mode);
            }
            if (mode != Mode.VECTOR) {
                Query words = keywords(question);
                if (words != null) {
                    Query query = new BooleanQuery.Builder().add(words, Occur.MUST).add(filter, Occur.FILTER).build();
                    fuse(fused, searcher.search(query, depth, RANKING, true), mode);
                }
            }
            List<SearchHit> hits = new ArrayList<>();
            for (Map.Entry<Integer, Double> entry : fused.entrySet().stream()
                    .sorted(Map.Entry.<Integer, Double>comparingByValue().reversed()).limit(k).toList()) {
                Document doc = searcher.storedFields().document(entry.getKey());
                hits.add(new SearchHit(entry.getValue(), doc.get("collection"), doc.get("record"), doc.get("content"),
                        JSON.readValue(doc.get("metadata"), METADATA)));
            }
            return hits;
        });
    }

    /** The most distinct words of a question the keyword side searches for. */
    static final int KEYWORDS = 64;

    /**
     * One HNSW field per dimension: Lucene fixes a field's dimension for the whole index, and vectors of two
     * models (384 from MiniLM, 1536 from an OpenAI model) live side by side until the next full index.
     */
    static String vectorField(int dimension) {
        return "vector" + dimension;
    }

    /** A single-mode search keeps the engine's own score; hybrid adds 1 / (60 + rank) per list. */
    private static void fuse(Map<Integer, Double> fused, TopDocs top, Mode mode) {
        ScoreDoc[] docs = top.scoreDocs;
        for (int rank = 0; rank < docs.length; rank++) {
            double score = mode == Mode.HYBRID ? 1.0 / (RRF_K + rank + 1) : docs[rank].score;
            fused.merge(docs[rank].doc, score, Double::sum);
        }
    }

    private static Query filter(String tenantId, List<Collection> collections, String datasourceId, String model) {
        BooleanQuery.Builder filter = new BooleanQuery.Builder()
                .add(new TermQuery(new Term("tenant", tenantId)), Occur.FILTER)
                .add(new TermQuery(new Term("model", model)), Occur.FILTER);
        BooleanQuery.Builder anyCollection = new BooleanQuery.Builder();
        collections.forEach(c -> anyCollection.add(new TermQuery(new Term("collection", c.id())), Occur.SHOULD));
        filter.add(anyCollection.build(), Occur.FILTER);
        if (datasourceId != null) {
            filter.add(new TermQuery(new Term("datasource", datasourceId)), Occur.FILTER);
        }
        return filter.build();
    }

    /** Any of the question's words; identifiers match whole (order_total) and by their parts (order, total). */
    private Query keywords(String question) {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        // each distinct word once, and at most KEYWORDS of them: every word costs a pass over its postings
        Set<String> seen = new HashSet<>();
        int terms = 0;
        try (TokenStream tokens = analyzer.tokenStream("words", words(question))) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken() && terms < KEYWORDS) {
                if (seen.add(term.toString())) {
                    any.add(new TermQuery(new Term("words", term.toString())), Occur.SHOULD);
                    terms++;
                }
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms == 0 ? null : any.build();
    }

    /** How many words the keyword field holds for a text (its length in BM25), counted as the writer counts them. */
    private int tokens(String text) {
        int count = 0;
        try (TokenStream tokens = analyzer.tokenStream("words", text)) {
            tokens.reset();
            while (tokens.incrementToken()) {
                count++;
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count;
    }

    /** The text with every identifier also split at '.' and '_', so both forms are words. */
    private static String words(String text) {
        return text + " " + text.replaceAll("[._]", " ");
    }

    private static String key(String tenantId, Collection collection, String recordId) {
        return tenantId + '\u0000' + collection.id() + '\u0000' + recordId;
    }

    private interface SearcherWork<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    private <T> T withSearcher(SearcherWork<T> work) {
        refresh(); // every write that returned before this search started is in the searcher it gets
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return work.apply(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        searchers.close();
        writer.close();
    }
}
