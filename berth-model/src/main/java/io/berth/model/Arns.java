package io.berth.model;

import java.util.Optional;

/**
 * ECS ARNs in the long format: {@code arn:aws:ecs:<region>:<account>:<type>/<cluster>/<id>}, and the
 * short names that ECS accepts wherever an ARN may be given.
 */
public record Arns(String region, String account) {
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCOUNT = "000000000000";

    public Arns {
        if (region == null || region.isBlank()) throw new IllegalArgumentException("region is blank");
        if (account == null || !account.matches("\\d{12}")) throw new IllegalArgumentException("account must be 12 digits");
    }

    public static Arns defaults() {
        return new Arns(DEFAULT_REGION, DEFAULT_ACCOUNT);
    }

    private String prefix() {
        return "arn:aws:ecs:" + region + ":" + account + ":";
    }

    public String cluster(String name) {
        return prefix() + "cluster/" + name;
    }

    public String taskDefinition(String family, int revision) {
        return prefix() + "task-definition/" + family + ":" + revision;
    }

    public String containerInstance(String cluster, String id) {
        return prefix() + "container-instance/" + cluster + "/" + id;
    }

    public String task(String cluster, String id) {
        return prefix() + "task/" + cluster + "/" + id;
    }

    public String container(String cluster, String taskId, String id) {
        return prefix() + "container/" + cluster + "/" + taskId + "/" + id;
    }

    public String service(String cluster, String name) {
        return prefix() + "service/" + cluster + "/" + name;
    }

    /** The resource part after {@code <type>/} of an ECS ARN of that type, if {@code s} is one. */
    public static Optional<String> resource(String s, String type) {
        if (s == null || !s.startsWith("arn:")) return Optional.empty();
        String[] parts = s.split(":", 6);
        if (parts.length < 6 || !parts[5].startsWith(type + "/")) return Optional.empty();
        return Optional.of(parts[5].substring(type.length() + 1));
    }

    /** The last path segment of an ARN or the string itself: the id or name ECS also accepts. */
    public static String lastSegment(String s) {
        int slash = s.lastIndexOf('/');
        return slash < 0 ? s : s.substring(slash + 1);
    }

    /** A cluster name from a name or a cluster ARN. */
    public static String clusterName(String nameOrArn) {
        return resource(nameOrArn, "cluster").orElse(nameOrArn);
    }
}
