package io.sail4j.adapter.http;

import io.sail4j.adapter.fake.InMemorySail;
import io.sail4j.adapter.fake.SailEmulator;
import io.sail4j.ports.contract.SailBackendContract;
import io.sail4j.ports.contract.SailBackendFixture;
import io.sail4j.ports.out.SailBackend;
import java.time.Duration;

/** The backend contract, unchanged, against {@link HttpSailBackend} talking to the emulator over loopback. */
class HttpEmulatorContractTest extends SailBackendContract {

    @Override
    protected SailBackendFixture createFixture() {
        InMemorySail sail = InMemorySail.builder().catalog(contractCatalog()).manualValidations()
                .responseDelay(Duration.ofMillis(2)).build();
        SailEmulator emulator = SailEmulator.serving(sail);
        HttpSailBackend a = HttpSailBackend.builder().apiKey("sk_org_a").baseUrl(emulator.baseUrl()).build();
        HttpSailBackend b = HttpSailBackend.builder().apiKey("sk_org_b").baseUrl(emulator.baseUrl()).build();
        return new SailBackendFixture() {
            @Override
            public SailBackend organizationA() {
                return a;
            }

            @Override
            public SailBackend organizationB() {
                return b;
            }

            @Override
            public void startValidations() {
                sail.startValidations();
            }

            @Override
            public void finishValidations() {
                sail.finishValidations();
            }

            @Override
            public void failNextValidation(String resultCode, String resultMessage) {
                sail.failNextValidation(resultCode, resultMessage);
            }

            @Override
            public void close() {
                a.close();
                b.close();
                emulator.close();
                sail.close();
            }
        };
    }
}
