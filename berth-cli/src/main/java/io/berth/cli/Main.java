package io.berth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code berth} launcher: {@code up}, {@code server}, {@code agent}. */
@Command(name = "berth", mixinStandardHelpOptions = true, version = "berth 0.1.0",
        description = "Amazon ECS that you run yourself.",
        subcommands = {UpCommand.class, ServerCommand.class, AgentCommand.class, SimCommand.class, ExplainCommand.class,
                AotTrainCommand.class})
public final class Main implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
