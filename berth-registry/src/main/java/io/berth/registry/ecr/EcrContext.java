package io.berth.registry.ecr;

import io.berth.registry.ImageService;
import io.berth.registry.auth.Tokens;
import io.berth.registry.blob.Uploads;
import io.berth.registry.lifecycle.LifecycleRunner;
import io.berth.registry.meta.Metadata;
import io.berth.registry.meta.RepositoryRecord;
import io.berth.wire.AwsException;
import java.net.URI;
import java.time.Clock;
import java.util.function.Supplier;

/** What the ECR operations share: storage, tokens, the account and region, and the registry's address. */
public record EcrContext(Metadata meta, ImageService images, Uploads uploads, Tokens tokens, LifecycleRunner lifecycle,
                         String account, String region, Clock clock, Supplier<String> baseUrl) {

    /** {@code host:port} of the registry, as image names and docker login use it. */
    public String registryHost() {
        URI u = URI.create(baseUrl.get());
        return u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
    }

    public String repositoryArn(String name) {
        return "arn:aws:ecr:" + region + ":" + account + ":repository/" + name;
    }

    public String repositoryUri(String name) {
        return registryHost() + "/" + name;
    }

    /** The repository or RepositoryNotFoundException in ECR's words. */
    public RepositoryRecord repo(String name) {
        return meta.repo(name).map(v -> v.value()).orElseThrow(() -> new AwsException("RepositoryNotFoundException",
                "The repository with name '" + name + "' does not exist in the registry with id '" + account + "'"));
    }
}
