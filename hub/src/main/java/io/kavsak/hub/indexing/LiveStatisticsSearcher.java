package io.kavsak.hub.indexing;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermStatistics;
import org.apache.lucene.util.Bits;

/**
 * A searcher whose BM25 statistics of the keyword field count live documents only. Lucene's own statistics
 * still count a replaced or removed record until a merge drops it, so two replicas holding the same records
 * (one rebuilt at start, one rewritten by months of changes) would score the same question's words differently
 * and rank the same records apart. With these, the same records give the same scores on every replica.
 */
final class LiveStatisticsSearcher extends IndexSearcher {

    /** Words whose statistics one searcher keeps; a searcher lives until the next write is searched. */
    private static final int CACHED_TERMS = 10_000;

    private final String field;
    private final CollectionStatistics live;
    /** A searcher's reader never changes, so a word's live statistics are counted once per searcher. */
    private final Map<Term, TermStatistics> counted = new ConcurrentHashMap<>();

    /** {@code lengthField}: each document's number of tokens in {@code field}, as a numeric doc value. */
    LiveStatisticsSearcher(IndexReader reader, String field, String lengthField) throws IOException {
        super(reader);
        this.field = field;
        long documents = 0;
        long tokens = 0;
        for (LeafReaderContext leaf : reader.leaves()) {
            Bits alive = leaf.reader().getLiveDocs();
            Terms terms = leaf.reader().terms(field);
            if (alive == null && terms != null) {
                documents += terms.getDocCount();
                tokens += terms.getSumTotalTermFreq();
                continue;
            }
            NumericDocValues lengths = leaf.reader().getNumericDocValues(lengthField);
            if (lengths == null) {
                continue;
            }
            for (int doc = lengths.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = lengths.nextDoc()) {
                if ((alive == null || alive.get(doc)) && lengths.longValue() > 0) {
                    documents++;
                    tokens += lengths.longValue();
                }
            }
        }
        // BM25 reads docCount and sumTotalTermFreq; sumDocFreq only has to lie between them
        this.live = documents == 0 ? null
                : new CollectionStatistics(field, reader.numDocs(), documents, tokens, documents);
    }

    @Override
    public CollectionStatistics collectionStatistics(String name) throws IOException {
        return name.equals(field) && live != null ? live : super.collectionStatistics(name);
    }

    @Override
    public TermStatistics termStatistics(Term term, int docFreq, long totalTermFreq) throws IOException {
        if (!term.field().equals(field)) {
            return super.termStatistics(term, docFreq, totalTermFreq);
        }
        TermStatistics known = counted.get(term);
        if (known != null) {
            return known;
        }
        TermStatistics statistics = liveStatistics(term, docFreq, totalTermFreq);
        if (counted.size() < CACHED_TERMS) {
            counted.put(term, statistics);
        }
        return statistics;
    }

    private TermStatistics liveStatistics(Term term, int docFreq, long totalTermFreq) throws IOException {
        long documents = 0;
        long occurrences = 0;
        for (LeafReaderContext leaf : getIndexReader().leaves()) {
            LeafReader reader = leaf.reader();
            Terms terms = reader.terms(field);
            if (terms == null) {
                continue;
            }
            TermsEnum found = terms.iterator();
            if (!found.seekExact(term.bytes())) {
                continue;
            }
            Bits alive = reader.getLiveDocs();
            if (alive == null) {
                documents += found.docFreq();
                occurrences += found.totalTermFreq();
                continue;
            }
            PostingsEnum postings = found.postings(null, PostingsEnum.FREQS);
            for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                if (alive.get(doc)) {
                    documents++;
                    occurrences += postings.freq();
                }
            }
        }
        // a word only deleted documents hold matches nothing live: Lucene's own figures are as good as any
        return documents == 0 ? super.termStatistics(term, docFreq, totalTermFreq)
                : new TermStatistics(term.bytes(), documents, occurrences);
    }
}
