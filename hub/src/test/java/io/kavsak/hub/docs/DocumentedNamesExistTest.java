package io.kavsak.hub.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No document describes what does not exist: every class, route id, configuration key, environment variable,
 * repository path, REST operation, relative link and Maven module that README.md, docs/ and the module READMEs name
 * in backticks (or in their shell blocks: {@code -pl}, {@code -Dtest}, paths, curl calls) must exist.
 */
class DocumentedNamesExistTest {

    private static final Pattern INLINE_CODE = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern CLASS_NAME = Pattern.compile("[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+");
    private static final Pattern CLASS_MEMBER = Pattern.compile("([A-Z][A-Za-z0-9]+)\\.([a-z][A-Za-z0-9]*)");
    private static final Pattern KEBAB_NAME = Pattern.compile("[a-z][a-z0-9]*(?:-[a-z0-9]+)+");
    private static final Pattern KEY = Pattern.compile("(?:kavsak|spring|camel|management|server)\\.[a-z0-9\\[\\]._*-]+");
    private static final Pattern MODULES = Pattern.compile("(?<![\\w-])-pl\\s+([\\w,.-]+)");
    private static final Pattern TEST_CLASSES = Pattern.compile("-D(?:it\\.)?test=([\\w#,*]+)");
    private static final Pattern QUALIFIED_CLASS = Pattern.compile("\\bio\\.kavsak\\.[a-z0-9.]+\\.([A-Z]\\w*)");
    private static final Pattern BLOCK_PATH = Pattern.compile(
            "(?<![\\w./-])((?:hub|operator|e2e|routes|crds|kustomize|docs|bench|\\.ci)/[\\w./*{},<>-]*)");
    private static final Pattern FILE_NAME = Pattern.compile("[\\w.-]+\\.(?:java|ya?ml|json|sh|md|sql|xml|properties)");
    private static final Pattern OPERATION = Pattern.compile("(GET|POST|PUT|DELETE|PATCH) (/api/[^\\s?`]*)(?:\\?\\S*)?");
    private static final Pattern API_PATH = Pattern.compile("/api/[^\\s?`*]*");
    private static final Pattern CURL_PATH = Pattern.compile("(?:\\$HUB|localhost:8080|\\}|\\$\\{?HUB\\}?)(/api/[^\\s?\"']*)");
    private static final Pattern MAPPING = Pattern.compile("@(Get|Post|Put|Delete|Patch)Mapping\\((?:path|value)?\\s*=?\\s*\"([^\"]+)\"");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#:\\s]+)(?:#[^)]*)?\\)");
    private static final Pattern ROUTE_ID = Pattern.compile("(?m)^\\s*-?\\s*id:\\s*\"?([\\w-]+)\"?\\s*$");
    /** Names of things outside the repository that the documents mention by their own names. */
    private static final Set<String> EXTERNAL = Set.of("ClusterIssuer", "ClusterRole", "CreateContainerConfigError",
        "Network.setExtraHTTPHeaders", "hawtio-log", "RoutesOnly", "kavsak.local");
    private static final Pattern PACKAGE_PATH = Pattern.compile("[a-z][a-z0-9]*(?:/[a-z][a-z0-9]*)*/[A-Z][A-Za-z0-9]*");
    private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("(?:KAVSAK|SPRING|CAMEL)_[A-Z0-9_]+");

    private final Path root = RepositoryFiles.root();
    private final Corpus corpus = new Corpus(root);

    @Test
    void everyNameTheDocumentsUseExists() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path document : documents()) {
            problems.addAll(check(Files.readString(document), document));
        }
        assertThat(problems).as("names in the documentation that do not exist in the repository "
                + "(rename them, or drop the sentence; a name of something outside the repository goes into "
                + "DocumentedNamesExistTest.EXTERNAL)").isEmpty();
    }

    @Test
    void aMadeUpNameIsFound() {
        Path readme = root.resolve("README.md");
        String madeUp = String.join("\n",
                "The `TelepathyFreshnessGuard` bean runs in the `telepathy-refresh-worker` route, configured by",
                "`kavsak.telepathy.refresh-interval`; see `routes/telepathy-pipeline.camel.yaml`,",
                "`NovaScore.explainEverything`, `telepathy/VectorIndex` and `KAVSAK_TELEPATHY_REFRESH` ([telepathy](docs/telepathy.md));",
                "`POST /api/v1/telepathy/refresh` and `DELETE /api/v1/training-set`.",
                "```bash",
                "./mvnw -pl telepather verify -Dit.test=TelepathyPipelineIT",
                "kubectl apply -f kustomize/examples/telepathy-acme.yaml",
                "curl -s -X POST $HUB/api/v1/tenants/acme/telepathies -H \"Authorization: Bearer $ADMIN_TOKEN\"",
                "```");
        assertThat(check(madeUp, readme)).hasSize(14).allSatisfy(p -> assertThat(p).startsWith("README.md:"))
                .anySatisfy(p -> assertThat(p).contains("TelepathyFreshnessGuard"))
                .anySatisfy(p -> assertThat(p).contains("telepathy-refresh-worker"))
                .anySatisfy(p -> assertThat(p).contains("kavsak.telepathy.refresh-interval"))
                .anySatisfy(p -> assertThat(p).contains("routes/telepathy-pipeline.camel.yaml"))
                .anySatisfy(p -> assertThat(p).contains("NovaScore.explainEverything"))
                .anySatisfy(p -> assertThat(p).contains("telepathy/VectorIndex"))
                .anySatisfy(p -> assertThat(p).contains("telepather"))
                .anySatisfy(p -> assertThat(p).contains("TelepathyPipelineIT"))
                .anySatisfy(p -> assertThat(p).contains("KAVSAK_TELEPATHY_REFRESH"))
                .anySatisfy(p -> assertThat(p).contains("docs/telepathy.md"))
                .anySatisfy(p -> assertThat(p).contains("POST /api/v1/telepathy/refresh"))
                .anySatisfy(p -> assertThat(p).contains("DELETE /api/v1/training-set"))
                .anySatisfy(p -> assertThat(p).contains("/api/v1/tenants/acme/telepathies"));

        String real = String.join("\n",
                "The `FeatureStoreEraser` bean, the `outbox-relay` route, `kavsak.recall.sla`, `kavsak.parser.*`,",
                "`routes/recall-pipeline.camel.yaml`, `FeatureStore.syncOnline`, `events/OutboxRelay` and `KAVSAK_RECALL_SLA`",
                "([recall](docs/recall.md#try-it-embedded-default)).",
                "```bash",
                "./mvnw -pl hub verify -Dit.test=RecallPipelineIT",
                "kubectl apply -f kustomize/examples/tenant-acme.yaml",
                "curl -s -X PUT $HUB/api/v1/tenants/acme/privacy-contacts/user-1 -H \"Authorization: Bearer $ADMIN_TOKEN\"",
                "```",
                "`GET /api/v1/tenants/{t}/recalls?state=&page=0`, `GET /api/v1/parser/job/{job_id}/events`, `/api/v1/dead-letters`.");
        assertThat(check(real, readme)).isEmpty();
    }

    private List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>();
        documents.add(root.resolve("README.md"));
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.getFileName().toString().endsWith(".md"))
                    .filter(p -> !Corpus.skipped(root.relativize(p)))
                    .filter(p -> !p.equals(root.resolve("README.md")))
                    .sorted()
                    .forEach(documents::add);
        }
        return documents;
    }

    List<String> check(String text, Path document) {
        String where = root.relativize(document).toString();
        Set<String> problems = new TreeSet<>();
        boolean inBlock = false;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String at = where + ":" + (i + 1) + ": ";
            if (line.stripLeading().startsWith("```")) {
                inBlock = !inBlock;
                continue;
            }
            if (inBlock) {
                checkCommandLine(line, document, at, problems);
                continue;
            }
            Matcher code = INLINE_CODE.matcher(line);
            while (code.find()) {
                String problem = checkSpan(code.group(1).strip(), document);
                if (problem != null) {
                    problems.add(at + problem);
                }
            }
            Matcher modules = MODULES.matcher(line);
            while (modules.find()) {
                checkModules(modules.group(1), at, problems);
            }
            Matcher link = LINK.matcher(line);
            while (link.find()) {
                Path target = document.getParent().resolve(link.group(1)).normalize();
                if (!target.startsWith(root) || !Files.exists(target)) {
                    problems.add(at + "link `" + link.group(1) + "` points to no file of the repository");
                }
            }
        }
        return new ArrayList<>(problems);
    }

    private void checkCommandLine(String line, Path document, String at, Set<String> problems) {
        String command = line.replaceFirst("\\s#.*$", "");
        Matcher modules = MODULES.matcher(command);
        while (modules.find()) {
            checkModules(modules.group(1), at, problems);
        }
        Matcher tests = TEST_CLASSES.matcher(command);
        while (tests.find()) {
            for (String name : tests.group(1).split(",")) {
                String simple = name.replaceFirst("#.*", "");
                if (!simple.equalsIgnoreCase("none") && !simple.contains("*") && !corpus.hasJavaFile(simple)) {
                    problems.add(at + "test class `" + simple + "`: no " + simple + ".java");
                }
            }
        }
        Matcher qualified = QUALIFIED_CLASS.matcher(command);
        while (qualified.find()) {
            if (!corpus.hasJavaFile(qualified.group(1))) {
                problems.add(at + "class `" + qualified.group() + "`: no " + qualified.group(1) + ".java");
            }
        }
        if (command.contains("curl")) {
            Matcher api = CURL_PATH.matcher(command);
            while (api.find()) {
                if (!corpus.hasOperation(null, api.group(1))) {
                    problems.add(at + "REST path `" + api.group(1) + "` is declared by no route");
                }
            }
        }
        Matcher paths = BLOCK_PATH.matcher(command);
        while (paths.find()) {
            String path = paths.group(1).replaceAll("[.,;:)]+$", "");
            if (!pathExists(path, document)) {
                problems.add(at + "path `" + path + "` does not exist");
            }
        }
    }

    private void checkModules(String list, String at, Set<String> problems) {
        for (String module : list.split(",")) {
            if (!module.isEmpty() && !Files.exists(root.resolve(module).resolve("pom.xml"))) {
                problems.add(at + "Maven module `" + module + "` does not exist");
            }
        }
    }

    /** Null when the span names nothing checkable or something that exists, else what is wrong. */
    String checkSpan(String span, Path document) {
        Matcher operation = OPERATION.matcher(span);
        if (operation.matches()) {
            return corpus.hasOperation(operation.group(1), operation.group(2)) ? null
                    : "REST operation `" + operation.group(1) + " " + operation.group(2) + "` is declared by no route";
        }
        if (API_PATH.matcher(span).matches()) {
            return corpus.hasOperation(null, span) ? null : "REST path `" + span + "` is declared by no route";
        }
        if (span.isEmpty() || span.contains(" ") || span.contains("://") || span.startsWith("/")
                || span.startsWith("-") || span.contains("=") || EXTERNAL.contains(span)) {
            return null;
        }
        if (KEY.matcher(span).matches() && !span.equals("kavsak.io")) {
            return corpus.keyExists(span) ? null : "configuration key `" + span + "` is neither in the metadata nor in application.yml";
        }
        if (span.contains("/")) {
            if (isRepositoryPath(span)) {
                return pathExists(span, document) ? null : "path `" + span + "` does not exist";
            }
            return null;
        }
        Matcher member = CLASS_MEMBER.matcher(span);
        if (member.matches()) {
            String source = corpus.javaSource(member.group(1));
            if (source == null) {
                return "class `" + member.group(1) + "` (in `" + span + "`) has no .java file";
            }
            return Pattern.compile("\\b" + member.group(2) + "\\b").matcher(source).find()
                    ? null : "`" + span + "`: " + member.group(1) + " has no member " + member.group(2);
        }
        if (ENVIRONMENT_VARIABLE.matcher(span).matches()) {
            return corpus.mentions(span) ? null : "environment variable `" + span + "` is read nowhere";
        }
        if (CLASS_NAME.matcher(span).matches()) {
            return corpus.hasJavaFile(span) || corpus.mentions(span) ? null
                    : "class or name `" + span + "`: no .java file, and no source, manifest or build file uses it";
        }
        if (KEBAB_NAME.matcher(span).matches()) {
            return corpus.routeIds().contains(span) || corpus.mentions(span) ? null
                    : "route id or name `" + span + "`: no route has this id, and no source, manifest or build file uses it";
        }
        if (FILE_NAME.matcher(span).matches()) {
            return pathExists(span, document) || corpus.hasFileNamed(span) ? null : "file `" + span + "` does not exist";
        }
        return null;
    }

    private boolean isRepositoryPath(String span) {
        if (span.contains("/target/") || span.startsWith("target/") || span.contains(":")) {
            return false;
        }
        String first = span.startsWith("./") ? span.substring(2).split("/")[0] : span.split("/")[0];
        return Files.exists(root.resolve(first)) || corpus.isPackage(first) || PACKAGE_PATH.matcher(span).matches()
                || Files.exists(root.resolve("kustomize").resolve(first)) || first.equals("..");
    }

    /**
     * A path exists relative to the repository root, the document's directory or one of its parents, or as a hub or
     * operator package path ({@code events/OutboxRelay}); {@code *}, {@code {a,b}} and {@code <placeholder>} are
     * globs, and a path into a build's {@code target/} is not checked.
     */
    boolean pathExists(String path, Path document) {
        String p = path.startsWith("./") ? path.substring(2) : path;
        if (p.contains("/target/") || p.startsWith("target/")) {
            return true;
        }
        String glob = p.replaceAll("<[^>]*>", "*").replace("…", "*");
        if (glob.endsWith("/")) {
            glob = glob.substring(0, glob.length() - 1);
        }
        List<Path> bases = new ArrayList<>();
        for (Path dir = document.getParent(); dir != null && dir.startsWith(root); dir = dir.getParent()) {
            bases.add(dir);
        }
        bases.add(root.resolve("hub/src/main/java/io/kavsak/hub"));
        bases.add(root.resolve("operator/src/main/java/io/kavsak/operator"));
        bases.add(root.resolve("hub/src/main/resources"));
        for (Path base : bases) {
            if (matches(base, glob) || matches(base, glob + ".java")) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(Path base, String glob) {
        if (!base.resolve(glob).normalize().startsWith(root)) {
            return false;
        }
        if (!glob.contains("*") && !glob.contains("{")) {
            return Files.exists(base.resolve(glob));
        }
        int fixed = glob.replaceAll("[*{].*$", "").lastIndexOf('/');
        Path start = fixed < 0 ? base : base.resolve(glob.substring(0, fixed));
        if (!Files.isDirectory(start)) {
            return false;
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        try (Stream<Path> files = Files.walk(start, glob.split("/").length + 1)) {
            return files.anyMatch(f -> matcher.matches(base.relativize(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What exists: the repository's sources, manifests and build files (not its documents), and the configuration. */
    static final class Corpus {

        private final Path root;
        private final Map<String, Path> javaFiles = new java.util.HashMap<>();
        private final Set<String> fileNames = new HashSet<>();
        private final Set<String> words = new HashSet<>();
        private final Set<String> routeIds = new TreeSet<>();
        private final Set<String> packages = new HashSet<>();
        private final Set<String> keys = new TreeSet<>();
        private final Set<String> mapKeys = new TreeSet<>();
        private final List<String[]> operations = new ArrayList<>();

        Corpus(Path root) {
            this.root = root;
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path relative = root.relativize(file);
                    if (skipped(relative)) {
                        continue;
                    }
                    String name = file.getFileName().toString();
                    fileNames.add(name);
                    addWords(relative.toString());
                    if (name.endsWith(".java")) {
                        javaFiles.putIfAbsent(name.substring(0, name.length() - 5), file);
                        String pkg = relative.getParent().getFileName().toString();
                        if (relative.toString().contains("java/io/kavsak/")) {
                            packages.add(pkg);
                        }
                    }
                    if (isText(name) && !name.equals("DocumentedNamesExistTest.java") && Files.size(file) < 2_000_000) {
                        String content = Files.readString(file);
                        addWords(content);
                        if (relative.startsWith("routes") && name.endsWith(".camel.yaml")) {
                            Matcher id = ROUTE_ID.matcher(content);
                            while (id.find()) {
                                routeIds.add(id.group(1));
                            }
                            addRestOperations(content);
                        }
                        if (name.endsWith(".java") && relative.toString().contains("src/main/java")) {
                            Matcher mapping = MAPPING.matcher(content);
                            while (mapping.find()) {
                                operations.add(new String[] {mapping.group(1).toUpperCase(java.util.Locale.ROOT),
                                        mapping.group(2)});
                            }
                        }
                    }
                }
                keys.addAll(ConfigurationReferenceTest.applicationYaml().keySet());
                ConfigurationReferenceTest.ownMetadata().forEach((name, property) -> {
                    keys.add(name);
                    if (property.path("type").asText().startsWith("java.util.Map")) {
                        mapKeys.add(name);
                    }
                });
                keys.addAll(ConfigurationReferenceTest.allMetadata().keySet());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static boolean skipped(Path relative) {
            for (Path part : relative) {
                String name = part.toString();
                if (name.equals("target") || name.equals(".git") || name.equals("node_modules") || name.equals(".mvn")) {
                    return true;
                }
            }
            return false;
        }

        private static boolean isText(String name) {
            return name.matches(".*\\.(java|ya?ml|json|xml|properties|sh|sql|txt|env)$")
                    || name.equals("run") || name.equals("mvnw");
        }

        /** The REST DSL of a route file: every verb of every rest block, and the OpenAPI document's own path. */
        @SuppressWarnings("unchecked")
        private void addRestOperations(String content) {
            Object loaded = new org.yaml.snakeyaml.Yaml().load(content);
            if (!(loaded instanceof List<?> elements)) {
                return;
            }
            for (Object element : elements) {
                if (!(element instanceof Map<?, ?> map)) {
                    continue;
                }
                if (map.get("restConfiguration") instanceof Map<?, ?> configuration
                        && configuration.get("apiContextPath") instanceof String api) {
                    operations.add(new String[] {"GET", api});
                }
                if (map.get("rest") instanceof Map<?, ?> rest) {
                    String base = rest.get("path") instanceof String path ? path : "";
                    for (String verb : List.of("get", "post", "put", "delete", "patch", "head")) {
                        if (rest.get(verb) instanceof List<?> list) {
                            for (Object op : list) {
                                String path = op instanceof Map<?, ?> o && o.get("path") instanceof String p ? p : "";
                                operations.add(new String[] {verb.toUpperCase(java.util.Locale.ROOT), base + path});
                            }
                        }
                    }
                }
            }
        }

        /**
         * A REST path (with this method, or any when null) is declared: a template segment ({@code {id}}) matches any
         * segment, a shell variable matches a template; a path without a method may also be a prefix of one.
         */
        boolean hasOperation(String method, String path) {
            String[] wanted = path.replaceAll("/+$", "").split("/");
            for (String[] operation : operations) {
                if (method != null && !method.equals(operation[0])) {
                    continue;
                }
                String[] declared = operation[1].replaceAll("/+$", "").split("/");
                if (declared.length < wanted.length || (method != null && declared.length != wanted.length)) {
                    continue;
                }
                boolean same = true;
                for (int i = 0; i < wanted.length && same; i++) {
                    same = wanted[i].equals(declared[i]) || declared[i].startsWith("{")
                            || wanted[i].startsWith("{") && declared[i].startsWith("{");
                }
                if (same) {
                    return true;
                }
            }
            return false;
        }

        boolean hasJavaFile(String simpleName) {
            return javaFiles.containsKey(simpleName);
        }

        String javaSource(String simpleName) {
            Path file = javaFiles.get(simpleName);
            try {
                return file == null ? null : Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        boolean hasFileNamed(String name) {
            return fileNames.contains(name);
        }

        boolean isPackage(String name) {
            return packages.contains(name);
        }

        Set<String> routeIds() {
            return routeIds;
        }

        private void addWords(String content) {
            for (String word : content.split("[^\\w-]+")) {
                words.add(word);
            }
        }

        /** The name occurs as a whole word in a source, manifest or build file (or a file's path). */
        boolean mentions(String name) {
            return words.contains(name);
        }

        boolean keyExists(String key) {
            String k = key.replaceAll("\\.\\*$", "").replaceAll("\\.$", "");
            if (keys.contains(k)) {
                return true;
            }
            for (String mapKey : mapKeys) {
                if (k.startsWith(mapKey + ".") || k.startsWith(mapKey + "[")) {
                    return true;
                }
            }
            for (String known : keys) {
                if (known.startsWith(k + ".") || known.startsWith(k + "[")) {
                    return true;
                }
            }
            return false;
        }
    }
}
