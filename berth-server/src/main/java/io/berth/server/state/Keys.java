package io.berth.server.state;

/**
 * Where each kind of record lives in the store. Keys sort so that a prefix range returns one
 * cluster's instances or tasks, and one family's revisions in order.
 */
public final class Keys {
    public static final String CLUSTERS = "clusters/";
    public static final String TASK_DEFINITIONS = "taskdefs/";
    public static final String INSTANCES = "instances/";
    public static final String TASKS = "tasks/";
    public static final String SETTINGS = "settings/";
    public static final String SERVICES = "services/";
    public static final String PROTECTION = "protection/";
    public static final String SERVICE_DEPLOYMENTS = "svcdeploy/";
    public static final String SERVICE_REVISIONS = "svcrev/";
    public static final String SECRETS = "secrets/";

    private Keys() {}

    public static String cluster(String name) {
        return CLUSTERS + name;
    }

    public static String taskDefinition(String family, int revision) {
        return family(family) + String.format("%010d", revision);
    }

    public static String family(String family) {
        return TASK_DEFINITIONS + family + "/";
    }

    public static String instancesOf(String cluster) {
        return INSTANCES + cluster + "/";
    }

    public static String instance(String cluster, String id) {
        return instancesOf(cluster) + id;
    }

    public static String tasksOf(String cluster) {
        return TASKS + cluster + "/";
    }

    public static String task(String cluster, String id) {
        return tasksOf(cluster) + id;
    }

    public static String setting(String principal, String name) {
        return SETTINGS + principal + "/" + name;
    }

    public static String servicesOf(String cluster) {
        return SERVICES + cluster + "/";
    }

    public static String service(String cluster, String name) {
        return servicesOf(cluster) + name;
    }

    public static String protection(String cluster, String taskId) {
        return PROTECTION + cluster + "/" + taskId;
    }

    /** A service's deployment history (or revisions) by the numeric part of the deployment id. */
    public static String serviceDeployment(String cluster, String service, String id) {
        return SERVICE_DEPLOYMENTS + cluster + "/" + service + "/" + id;
    }

    public static String serviceRevision(String cluster, String service, String id) {
        return SERVICE_REVISIONS + cluster + "/" + service + "/" + id;
    }

    /** A Secrets Manager secret by its name (names may contain slashes). */
    public static String secret(String name) {
        return SECRETS + name;
    }

    /** The record type stored under {@code key}. */
    public static Class<?> typeOf(String key) {
        if (key.startsWith(CLUSTERS)) return io.berth.model.ecs.Cluster.class;
        if (key.startsWith(TASK_DEFINITIONS)) return io.berth.model.ecs.TaskDefinition.class;
        if (key.startsWith(INSTANCES)) return io.berth.model.ecs.ContainerInstance.class;
        if (key.startsWith(TASKS)) return io.berth.model.ecs.Task.class;
        if (key.startsWith(SETTINGS)) return AccountSetting.class;
        if (key.startsWith(SERVICES)) return io.berth.model.ecs.Service.class;
        if (key.startsWith(PROTECTION)) return io.berth.model.ecs.TaskProtection.class;
        if (key.startsWith(SERVICE_DEPLOYMENTS)) return io.berth.model.ecs.ServiceDeploymentRecord.class;
        if (key.startsWith(SERVICE_REVISIONS)) return io.berth.model.ecs.ServiceRevisionRecord.class;
        if (key.startsWith(SECRETS)) return io.berth.server.secrets.Secret.class;
        throw new IllegalArgumentException("no record type for key " + key);
    }
}
