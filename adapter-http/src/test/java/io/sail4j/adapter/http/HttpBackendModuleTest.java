package io.sail4j.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.sail4j.ports.out.SailBackend;
import org.junit.jupiter.api.Test;

class HttpBackendModuleTest {

    @Test
    void bindsOneSharedHttpBackendWithTheGivenConfig() throws Exception {
        try (LocalServer server = new LocalServer()) {
            server.on("GET /v1/models", (request, exchange) -> LocalServer.json(exchange, 200, TransportFaultTest.MODELS));
            HttpBackendConfig config = HttpSailBackend.builder().apiKey("sk_guice").baseUrl(server.baseUrl()).config();
            Injector injector = Guice.createInjector(new HttpBackendModule(config));

            SailBackend backend = injector.getInstance(SailBackend.class);
            try (HttpSailBackend http = assertInstanceOf(HttpSailBackend.class, backend)) {
                assertSame(backend, injector.getInstance(SailBackend.class));
                assertSame(backend, injector.getInstance(HttpSailBackend.class));
                assertEquals(config, http.config());
                assertEquals(1, backend.listModels().join().size());
                assertEquals("Bearer sk_guice", server.requests.get(0).header("Authorization"));
            }
        }
    }
}
