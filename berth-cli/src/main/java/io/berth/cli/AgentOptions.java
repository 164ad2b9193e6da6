package io.berth.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Resource and attribute options for agents started by {@code up} and {@code agent}. */
final class AgentOptions {
    @Option(names = "--cpu", description = "CPU units each host declares (default: this machine's, divided among local hosts).")
    Integer cpu;

    @Option(names = "--memory", description = "Memory in MiB each host declares (default: this machine's less 512 MiB, divided among local hosts).")
    Integer memory;

    @Option(names = "--attribute", description = "A custom attribute NAME=VALUE for each host (repeatable).")
    Map<String, String> attributes = new LinkedHashMap<>();

    static int machineCpu() {
        return Runtime.getRuntime().availableProcessors() * 1024;
    }

    static int machineMemoryMiB() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return (int) Math.max(256, sun.getTotalMemorySize() / (1024 * 1024) - 512);
        }
        return 2048;
    }
}
