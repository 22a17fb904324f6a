package io.sail4j.acceptance;

import io.sail4j.adapter.fake.InMemorySail;
import io.sail4j.adapter.fake.SailEmulator;
import io.sail4j.adapter.http.HttpSailBackend;
import io.sail4j.ports.out.SailBackend;
import java.time.Duration;

/**
 * The same client flows over the wire: the HTTP adapter talking over loopback to the emulator, which
 * serves the same in-memory Sail the assertions look into.
 */
class HttpClientFlowsTest extends ClientFlowsContract {

    @Override
    protected SailBackend connect(InMemorySail fake, String apiKey) {
        SailEmulator emulator = track(SailEmulator.serving(fake));
        return HttpSailBackend.builder()
                .apiKey(apiKey)
                .baseUrl(emulator.baseUrl())
                .backoff(Duration.ofMillis(5), Duration.ofMillis(50))
                .build();
    }
}
