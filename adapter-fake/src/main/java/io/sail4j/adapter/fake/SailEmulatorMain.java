package io.sail4j.adapter.fake;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Runs the emulator as a process: prints its base URL as the first line of standard output, then
 * serves until killed.
 *
 * <pre>
 * java -cp ... io.sail4j.adapter.fake.SailEmulatorMain [--port N] [--faults SPEC]
 *     [--validation-delay MILLIS] [--response-delay MILLIS]
 * </pre>
 * {@code SPEC} is {@link FaultPlan}'s syntax, e.g. {@code "POST /v1/files=503x2;*=slow:100ms@0.1;seed=7"}.
 */
public final class SailEmulatorMain {
    private SailEmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SailEmulator emulator;
        try {
            emulator = start(args, System.err);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (emulator == null) {
            System.out.println(usage());
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "sail-emulator-shutdown"));
        System.out.println(emulator.baseUrl());
        System.out.flush();
        stopped.await();
    }

    /** Parses the arguments and starts the emulator; null when only help was asked for. */
    static SailEmulator start(String[] args, PrintStream notes) {
        SailEmulator.Builder emulator = SailEmulator.builder();
        List<Consumer<InMemorySail.Builder>> settings = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--port" -> emulator.port(Integer.parseInt(value(args, ++i, arg)));
                case "--faults" -> emulator.faults(value(args, ++i, arg));
                case "--validation-delay" -> {
                    Duration delay = Duration.ofMillis(Long.parseLong(value(args, ++i, arg)));
                    settings.add(fake -> fake.validationDelay(delay));
                }
                case "--response-delay" -> {
                    Duration delay = Duration.ofMillis(Long.parseLong(value(args, ++i, arg)));
                    settings.add(fake -> fake.responseDelay(delay));
                }
                default -> throw new IllegalArgumentException("unknown argument: " + arg);
            }
        }
        SailEmulator started = emulator.fakeSettings(fake -> settings.forEach(s -> s.accept(fake))).start();
        notes.println("Sail emulator serving " + started.baseUrl() + " (any API key; each key is its own organization)");
        return started;
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[index];
    }

    static String usage() {
        return "usage: SailEmulatorMain [--port N] [--faults SPEC] [--validation-delay MILLIS] [--response-delay MILLIS]\n"
                + "  SPEC: rules separated by ';', each <route>=<fault>[x<count>|@<probability>], plus seed=<long>\n"
                + "  faults: 429[:seconds] 500 502 503 504 reset-before reset-after slow:<millis>ms\n"
                + "  e.g. --faults 'POST /v1/files=503x2;GET /v1/responses/{id}=reset-after@0.1;seed=7'";
    }
}
