package io.despacho.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import io.despacho.anoreg.ingress.AnoregWebhookResource;
import io.despacho.digesto.ingress.DigestoWebhookResource;
import io.despacho.judit.ingress.JuditWebhookResource;
import io.despacho.pipeline.Provider;
import io.despacho.pedido.PedidoStore;
import io.despacho.publicacao.PublicacaoStore;
import io.despacho.processo.ProcessoStore;
import io.despacho.relatorio.RelatorioStore;
import io.despacho.testing.AotCache;
import io.despacho.testing.ImageJvm;

/**
 * k8s/ and docker/ parsed and checked against the application's own configuration, so that they cannot drift: env
 * var names, required variables, topics, consumer groups, probes, ports, webhook paths, shutdown timing.
 */
class DeploymentManifestsTest {

    static final Path K8S = Path.of("k8s");
    static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}");
    static final Set<String> REQUIRED = Set.of("KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_DATASOURCE_JDBC_URL",
            "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD", "DIGESTO_WEBHOOK_TOKEN",
            "ANOREG_WEBHOOK_TOKEN");
    /** Read by the image's entry point, not by the application. */
    static final Set<String> IMAGE_VARIABLES = Set.of("JAVA_OPTS");

    static Properties properties = new Properties();
    static Set<String> propertyKeys = new HashSet<>();
    static Set<String> contractVariables = new HashSet<>();
    static List<Map<String, Object>> manifests = new ArrayList<>();

    @BeforeAll
    static void load() throws IOException {
        try (Reader in = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        for (String key : properties.stringPropertyNames()) {
            propertyKeys.add(key.replaceFirst("^%[a-z]+\\.", ""));
            Matcher m = ENV_REFERENCE.matcher(properties.getProperty(key));
            while (m.find()) {
                contractVariables.add(m.group(1));
            }
        }
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    for (Object doc : new Yaml().loadAll(in)) {
                        if (doc != null) {
                            @SuppressWarnings("unchecked")
                            Map<String, Object> manifest = (Map<String, Object>) doc;
                            manifests.add(manifest);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theContractVariablesOfDesignAreTheOnesTheApplicationReads() {
        assertThat(contractVariables).containsAll(REQUIRED).contains("DIGESTO_API_URL", "DIGESTO_API_TOKEN",
                "ANOREG_API_URL", "ANOREG_API_KEY", "ANOREG_API_SECRET", "ANOREG_USER_AGENT");
    }

    @Test
    void everyVariableTheManifestsSetIsOneTheApplicationReadsAndTheRequiredOnesAreSet() {
        Set<String> set = new HashSet<>();
        set.addAll(data("ConfigMap", "despacho"));
        set.addAll(data("Secret", "despacho"));
        List<Map<String, Object>> env = list(container(), "env");
        env.forEach(e -> set.add((String) e.get("name")));
        assertThat(set).allSatisfy(name -> assertThat(isReadByTheApplication(name)).as(name).isTrue());
        assertThat(set).containsAll(REQUIRED);
        // ... and what the Deployment takes from, exists
        assertThat(list(container(), "envFrom")).extracting(e -> e.containsKey("configMapRef") ? "configmap"
                : "secret").containsExactlyInAnyOrder("configmap", "secret");
    }

    @Test
    void theJvmRunsTheCollectorHeapAndJitSettingsThatWereMeasured() throws IOException {
        // under 1,792 MiB the JVM picks SerialGC unless told otherwise; without the periodic GC, the free ratios and
        // the trim an idle pod keeps the heap and the native memory its start took; without the Tier4 thresholds C2
        // competes with the start for the cores (docs/benchmark.md, issue 17)
        List<String> measured = List.of("-XX:+UseG1GC", "-XX:G1PeriodicGCInterval=5000", "-XX:MinHeapFreeRatio=10",
                "-XX:MaxHeapFreeRatio=20", "-XX:TrimNativeHeapInterval=5000", "-XX:Tier4InvocationThreshold=50000",
                "-XX:Tier4MinInvocationThreshold=6000", "-XX:Tier4CompileThreshold=60000",
                "-XX:Tier4BackEdgeThreshold=400000");
        String javaOptions = env(container()).get("JAVA_OPTS");
        assertThat(javaOptions.split(" ")).containsAll(measured);
        assertThat(AotCache.imageJavaOptions().split(" ")).containsAll(measured);
    }

    @Test
    void theImageStartsWithTheCacheItsOwnJvmWroteForTheSameJar() throws IOException {
        String dockerfile = Files.readString(Path.of("docker/Dockerfile.jvm"));
        // the training stage is built on the runtime stage (same JVM, same jar files), the final image too; a JDK
        // with AOT caches written by one training run (JEP 514)
        assertThat(ImageJvm.version()).isGreaterThanOrEqualTo(25);
        assertThat(dockerfile).contains("FROM runtime AS aot-training").containsPattern("(?m)^FROM runtime$");
        Matcher training = Pattern.compile("aot-training\\.sh (\\S+) (\\S+)").matcher(dockerfile);
        assertThat(training.find()).as("the training stage runs docker/aot-training.sh").isTrue();
        Matcher entrypoint = Pattern.compile(
                "ENTRYPOINT .*exec java -XX:AOTCache=(\\S+) \\$JAVA_OPTS -jar (\\S+)\"").matcher(dockerfile);
        assertThat(entrypoint.find()).as("the entrypoint names the cache before JAVA_OPTS").isTrue();
        assertThat(entrypoint.group(1)).isEqualTo(training.group(2));
        assertThat(entrypoint.group(2)).as("a cache serves only the jar path it was written for")
                .isEqualTo(training.group(1));
        assertThat(dockerfile).contains("COPY --from=aot-training --chown=10001:10001 " + training.group(2) + " "
                + training.group(2));
    }

    @Test
    void composeWiresTheAppWithTheSameVariables() throws IOException {
        Map<String, Object> compose;
        try (InputStream in = Files.newInputStream(Path.of("docker/docker-compose.yml"))) {
            compose = new Yaml().load(in);
        }
        Map<String, Object> app = map(map(compose, "services"), "despacho");
        Set<String> env = map(app, "environment").keySet();
        assertThat(env).containsAll(REQUIRED).allSatisfy(name -> assertThat(isReadByTheApplication(name)).as(name)
                .isTrue());
        assertThat(map(map(compose, "services"), "kafka")).isNotNull();
        assertThat(map(map(compose, "services"), "postgres")).isNotNull();
        String dockerfile = Files.readString(Path.of("docker/Dockerfile.jvm"));
        assertThat(dockerfile).contains("USER 10001").contains("HEALTHCHECK").contains("/q/health/live")
                .contains("$JAVA_OPTS");
    }

    @Test
    void everyTopicHasAKafkaTopicAndNoOther() {
        Set<String> appTopics = properties.stringPropertyNames().stream().filter(k -> k.endsWith(".topic")
                && k.startsWith("mp.messaging.")).map(properties::getProperty).collect(Collectors.toSet());
        for (Provider p : Provider.values()) {
            appTopics.add(p.inboundTopic());
            appTopics.add("despacho.dlq." + p.id());
        }
        appTopics.addAll(List.of(ProcessoStore.TOPIC, RelatorioStore.TOPIC, PedidoStore.TOPIC, PublicacaoStore.TOPIC));
        Set<String> declared = ofKind("KafkaTopic").stream().map(t -> (String) map(t, "metadata").get("name"))
                .collect(Collectors.toSet());
        assertThat(declared).isEqualTo(appTopics);
        // the topics the app creates or raises by itself are these too
        assertThat(Set.of(properties.getProperty("despacho.kafka.topics").split("\\s*,\\s*"))).isEqualTo(appTopics);
        String recordSize = properties.getProperty("despacho.ingress.max-record-size").replaceAll("^\\$\\{[A-Z_]+:(\\d+)}$",
                "$1");
        for (Map<String, Object> topic : ofKind("KafkaTopic")) {
            String name = (String) map(topic, "metadata").get("name");
            long maxMessage = ((Number) map(map(topic, "spec"), "config").get("max.message.bytes")).longValue();
            assertThat(maxMessage).as(name + " takes every record the app may write").isGreaterThanOrEqualTo(
                    Long.parseLong(recordSize));
            long retention = ((Number) map(map(topic, "spec"), "config").get("retention.ms")).longValue();
            assertThat(retention).as(name).isGreaterThanOrEqualTo(name.contains(".dlq.") ? 30L * 86_400_000
                    : 7L * 86_400_000);
        }
    }

    @Test
    void kedaScalesOnTheInboundConsumerGroups() {
        Map<String, String> groups = new java.util.HashMap<>();
        for (String channel : List.of("digesto-inbound", "anoreg-inbound", "justicafacil-inbound",
                "judit-inbound")) {
            groups.put(properties.getProperty("mp.messaging.incoming." + channel + ".group.id"),
                    properties.getProperty("mp.messaging.incoming." + channel + ".topic"));
        }
        Map<String, Object> scaled = ofKind("ScaledObject").get(0);
        Map<String, String> triggers = list(map(scaled, "spec"), "triggers").stream().map(t -> map(t, "metadata"))
                .collect(Collectors.toMap(m -> (String) m.get("consumerGroup"), m -> (String) m.get("topic")));
        assertThat(triggers).isEqualTo(groups);
        assertThat(map(map(scaled, "spec"), "scaleTargetRef").get("name")).isEqualTo("despacho");
        // the budgets are the accounts' own (shared by every pod), never divided by the replica count
        Map<String, Object> config = map(ofKind("ConfigMap").get(0), "data");
        assertThat(config.getOrDefault("DESPACHO_ANOREG_BUDGET_REQUESTS", "30")).isEqualTo("30");
        assertThat(config.getOrDefault("DESPACHO_JUDIT_BUDGET_REQUESTS", "180")).isEqualTo("180");
        // a pod past the partition count of an inbound topic would own none of it
        int maxReplicas = ((Number) map(scaled, "spec").get("maxReplicaCount")).intValue();
        for (String topic : groups.values()) {
            int partitions = ofKind("KafkaTopic").stream().filter(t -> topic.equals(map(t, "metadata").get("name")))
                    .map(t -> ((Number) map(t, "spec").get("partitions")).intValue()).findFirst().orElseThrow();
            assertThat(maxReplicas).as(topic).isLessThanOrEqualTo(partitions);
        }
        // KEDA reads the lag the way the pods reach Kafka: TLS and SCRAM, as the KafkaUser
        assertThat(list(map(scaled, "spec"), "triggers")).allSatisfy(trigger -> {
            assertThat(map(trigger, "metadata")).containsEntry("sasl", "scram_sha512").containsEntry("tls", "enable");
            assertThat((String) map(trigger, "metadata").get("bootstrapServers")).endsWith(":9093");
            assertThat(map(trigger, "authenticationRef").get("name"))
                    .isEqualTo(map(ofKind("TriggerAuthentication").get(0), "metadata").get("name"));
        });
    }

    @Test
    void probesPortsAndShutdownMatchTheApplication() {
        Map<String, Object> container = container();
        assertThat(list(container, "ports")).singleElement().satisfies(p -> {
            assertThat(p.get("containerPort")).isEqualTo(8080);
            assertThat(p.get("name")).isEqualTo("http");
        });
        assertThat(map(map(container, "livenessProbe"), "httpGet").get("path")).isEqualTo("/q/health/live");
        assertThat(map(map(container, "readinessProbe"), "httpGet").get("path")).isEqualTo("/q/health/ready");
        assertThat(map(map(container, "startupProbe"), "httpGet").get("path")).isEqualTo("/q/health/started");
        assertThat(map(container, "securityContext").get("readOnlyRootFilesystem")).isEqualTo(true);
        Map<String, Object> pod = map(map(ofKind("Deployment").get(0), "spec"), "template");
        assertThat(map(map(pod, "spec"), "securityContext").get("runAsNonRoot")).isEqualTo(true);
        int grace = ((Number) map(pod, "spec").get("terminationGracePeriodSeconds")).intValue();
        String shutdown = env(container).get("QUARKUS_SHUTDOWN_TIMEOUT");
        assertThat(grace).isGreaterThan(Integer.parseInt(shutdown.replace("s", "")) + 5);
        assertThat(list(map(ofKind("ServiceMonitor").get(0), "spec"), "endpoints").get(0).get("path"))
                .isEqualTo("/q/metrics");
    }

    @Test
    void aJobMigratesTheSchemaOnceAndThePodsWaitForItInsteadOfMigrating() throws IOException {
        assertThat(env(container()).get("QUARKUS_FLYWAY_MIGRATE_AT_START")).isEqualTo("false");
        Map<String, Object> job = ofKind("Job").stream().filter(j -> "despacho-schema-migration".equals(
                map(j, "metadata").get("name"))).findFirst().orElseThrow();
        Map<String, Object> jobPod = map(map(job, "spec"), "template");
        Map<String, Object> migrate = list(map(jobPod, "spec"), "containers").get(0);
        assertThat(migrate.get("image")).as("the app's own image").isEqualTo(container().get("image"));
        assertThat(env(migrate)).containsEntry("QUARKUS_FLYWAY_MIGRATE_AT_START", "true")
                .containsEntry("QUARKUS_INIT_AND_EXIT", "true");
        assertThat(list(migrate, "envFrom")).as("the same configuration").isEqualTo(list(container(), "envFrom"));
        assertThat(map(map(jobPod, "spec"), "securityContext").get("runAsNonRoot")).isEqualTo(true);
        // the Service and the PDB must not count the Job's pod as one of the app's
        Map<String, Object> selector = map(map(ofKind("Service").get(0), "spec"), "selector");
        assertThat(map(map(jobPod, "metadata"), "labels").entrySet()).doesNotContainAnyElementsOf(selector.entrySet());
        assertThat(Files.readString(K8S.resolve("kustomization.yaml"))).contains("- schema-migration-job.yaml");
        // a pod waiting for the migration gives up (and says why) before the startup probe kills it without a word
        Map<String, Object> startup = map(container(), "startupProbe");
        int probeSeconds = ((Number) startup.get("periodSeconds")).intValue()
                * ((Number) startup.get("failureThreshold")).intValue();
        Matcher gateWait = Pattern.compile("\\$\\{DESPACHO_SCHEMA_WAIT_FOR:(\\d+)s}")
                .matcher(properties.getProperty("despacho.schema.wait-for"));
        assertThat(gateWait.matches()).isTrue();
        assertThat(Integer.parseInt(gateWait.group(1))).isLessThan(probeSeconds);
    }

    @Test
    void theIngressExposesTheWebhooksAndNothingElse() {
        Set<String> webhooks = Set.of(DigestoWebhookResource.class.getAnnotation(jakarta.ws.rs.Path.class).value(),
                AnoregWebhookResource.class.getAnnotation(jakarta.ws.rs.Path.class).value(),
                JuditWebhookResource.class.getAnnotation(jakarta.ws.rs.Path.class).value());
        Set<String> exposed = new HashSet<>();
        for (Map<String, Object> rule : list(map(ofKind("Ingress").get(0), "spec"), "rules")) {
            list(map(rule, "http"), "paths").forEach(p -> exposed.add((String) p.get("path")));
        }
        assertThat(exposed).isEqualTo(webhooks);
    }

    @Test
    void kafkaIsReachedOverTlsAsTheKafkaUserWhoseAclsCoverWhatTheApplicationUses() {
        Map<String, Object> config = map(ofKind("ConfigMap").get(0), "data");
        assertThat(config).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        assertThat((String) config.get("KAFKA_BOOTSTRAP_SERVERS")).endsWith(":9093");

        Map<String, Object> user = ofKind("KafkaUser").get(0);
        assertThat(map(map(user, "spec"), "authentication")).containsEntry("type", "scram-sha-512");
        String cluster = (String) map(map(user, "metadata"), "labels").get("strimzi.io/cluster");
        assertThat(secretRef("KAFKA_SASL_JAAS_CONFIG")).isEqualTo(map(user, "metadata").get("name"));
        assertThat(secretRef("KAFKA_SSL_TRUSTSTORE_PASSWORD")).isEqualTo(cluster + "-cluster-ca-cert");

        List<Map<String, Object>> acls = list(map(map(user, "spec"), "authorization"), "acls");
        Set<String> topicsAndGroups = new HashSet<>(List.of(properties.getProperty("despacho.kafka.topics")
                .split(",\\s*")));
        properties.stringPropertyNames().stream().filter(k -> k.endsWith(".group.id"))
                .forEach(k -> topicsAndGroups.add("group:" + properties.getProperty(k)));
        assertThat(topicsAndGroups).hasSizeGreaterThan(12).allSatisfy(name -> assertThat(acls).as(name)
                .anyMatch(acl -> covers(map(acl, "resource"), name)));

        String truststore = (String) config.get("KAFKA_SSL_TRUSTSTORE_LOCATION");
        Map<String, Object> pod = map(map(map(ofKind("Deployment").get(0), "spec"), "template"), "spec");
        String volume = (String) list(container(), "volumeMounts").stream()
                .filter(m -> truststore.startsWith((String) m.get("mountPath"))).findFirst().orElseThrow()
                .get("name");
        assertThat(list(pod, "volumes")).anyMatch(v -> volume.equals(v.get("name"))
                && (cluster + "-cluster-ca-cert").equals(map(v, "secret").get("secretName")));
    }

    @Test
    void onlyTheIngressControllerLabelledNamespacesAndMonitoringReachThePods() {
        Map<String, Object> policy = ofKind("NetworkPolicy").get(0);
        Map<String, Object> spec = map(policy, "spec");
        assertThat(map(map(spec, "podSelector"), "matchLabels")).isEqualTo(map(map(map(map(ofKind("Deployment")
                .get(0), "spec"), "template"), "metadata"), "labels"));
        assertThat(spec.get("policyTypes")).isEqualTo(List.of("Ingress"));
        List<Map<String, Object>> rules = list(spec, "ingress");
        assertThat(rules).allSatisfy(rule -> {
            assertThat(list(rule, "ports")).extracting(p -> p.get("port")).containsExactly("http");
            assertThat(list(rule, "from")).allSatisfy(from -> assertThat(from).containsKey("namespaceSelector"));
        });
        assertThat(rules).extracting(rule -> map(list(rule, "from").get(0), "namespaceSelector").toString())
                .anyMatch(s -> s.contains("ingress-nginx")).anyMatch(s -> s.contains("despacho.io/api-access"));
    }

    @Test
    void noSecretSitsInTheConfigMap() {
        Map<String, Object> config = map(ofKind("ConfigMap").get(0), "data");
        assertThat(config.keySet()).noneMatch(k -> k.endsWith("_TOKEN") || k.endsWith("_PASSWORD")
                || k.endsWith("_SECRET") || k.endsWith("_KEY") || k.endsWith("JAAS_CONFIG"));
        assertThat(config.values()).allSatisfy(v -> assertThat(String.valueOf(v)).doesNotContain("token="));
        assertThat(data("Secret", "despacho")).contains("DESPACHO_READER_TOKEN", "DESPACHO_OPERATOR_TOKEN",
                "JUDIT_WEBHOOK_TOKEN");
    }

    // ---------------------------------------------------------------- helpers

    /** Does a Strimzi ACL resource cover a topic, or "group:<id>"? */
    static boolean covers(Map<String, Object> resource, String name) {
        boolean group = name.startsWith("group:");
        String bare = group ? name.substring("group:".length()) : name;
        if (!(group ? "group" : "topic").equals(resource.get("type"))) {
            return false;
        }
        String pattern = (String) resource.get("name");
        return "prefix".equals(resource.get("patternType")) ? bare.startsWith(pattern) : bare.equals(pattern);
    }

    static String secretRef(String variable) {
        return (String) map(map(list(container(), "env").stream().filter(e -> variable.equals(e.get("name")))
                .findFirst().orElseThrow(), "valueFrom"), "secretKeyRef").get("name");
    }

    /** An env var the app reads: a ${VAR} of application.properties, or the env form of one of its properties. */
    static boolean isReadByTheApplication(String name) {
        if (contractVariables.contains(name) || IMAGE_VARIABLES.contains(name)) {
            return true;
        }
        String dotted = name.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
        return propertyKeys.stream().anyMatch(k -> k.replace('-', '.').replace("\"", "").equals(dotted));
    }

    static List<Map<String, Object>> ofKind(String kind) {
        return manifests.stream().filter(m -> kind.equals(m.get("kind"))).toList();
    }

    static Set<String> data(String kind, String name) {
        return ofKind(kind).stream().filter(m -> name.equals(map(m, "metadata").get("name")))
                .flatMap(m -> {
                    Map<String, Object> data = map(m, "data") != null ? map(m, "data") : map(m, "stringData");
                    return data == null ? Stream.empty() : data.keySet().stream();
                }).collect(Collectors.toSet());
    }

    static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new java.util.HashMap<>();
        list(container, "env").stream().filter(e -> e.containsKey("value"))
                .forEach(e -> env.put((String) e.get("name"), String.valueOf(e.get("value"))));
        return env;
    }

    static Map<String, Object> container() {
        Map<String, Object> pod = map(map(map(ofKind("Deployment").get(0), "spec"), "template"), "spec");
        return list(pod, "containers").get(0);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        return parent == null ? null : (Map<String, Object>) parent.get(key);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        return (List<Map<String, Object>>) parent.get(key);
    }
}
