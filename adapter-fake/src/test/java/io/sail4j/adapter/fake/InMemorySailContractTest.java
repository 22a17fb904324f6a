package io.sail4j.adapter.fake;

import io.sail4j.ports.contract.SailBackendContract;
import io.sail4j.ports.contract.SailBackendFixture;
import io.sail4j.ports.out.SailBackend;
import java.time.Duration;

/** The backend contract, against the in-memory fake. */
class InMemorySailContractTest extends SailBackendContract {

    @Override
    protected SailBackendFixture createFixture() {
        InMemorySail sail = InMemorySail.builder().catalog(contractCatalog()).manualValidations()
                .responseDelay(Duration.ofMillis(2)).build();
        SailBackend a = sail.backend("sk_org_a");
        SailBackend b = sail.backend("sk_org_b");
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
                sail.close();
            }
        };
    }
}
