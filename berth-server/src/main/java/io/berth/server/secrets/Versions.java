package io.berth.server.secrets;

import java.util.ArrayList;
import java.util.List;

/**
 * How staging labels move when a version is added, as Secrets Manager moves them: each label the
 * new version takes leaves the version that had it; when {@code AWSCURRENT} moves, the version it
 * left becomes {@code AWSPREVIOUS}. Versions left without labels are deprecated and kept, up to
 * {@value #MAX_VERSIONS} versions in all (oldest deprecated ones go first). Pure.
 */
final class Versions {
    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";
    static final int MAX_VERSIONS = 100;

    private Versions() {}

    /** {@code versions} with {@code added} appended and labels moved. */
    static List<SecretVersion> add(List<SecretVersion> versions, SecretVersion added) {
        List<String> labels = added.stages();
        boolean currentMoves = labels.contains(CURRENT);
        String oldCurrent = versions.stream().filter(v -> v.has(CURRENT)).map(SecretVersion::versionId).findFirst().orElse(null);
        List<String> taken = new ArrayList<>(labels);
        if (currentMoves && oldCurrent != null) taken.add(PREVIOUS);
        List<SecretVersion> out = new ArrayList<>();
        for (SecretVersion v : versions) {
            SecretVersion moved = v.without(taken);
            if (currentMoves && v.versionId().equals(oldCurrent)) moved = moved.with(PREVIOUS);
            out.add(moved);
        }
        out.add(added);
        for (int i = 0; out.size() > MAX_VERSIONS && i < out.size(); ) {
            if (out.get(i).stages().isEmpty()) out.remove(i);
            else i++;
        }
        return out;
    }
}
