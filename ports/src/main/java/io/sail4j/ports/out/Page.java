package io.sail4j.ports.out;

import java.util.List;

/** One page of a list, and whether more follow. */
public record Page<T>(List<T> data, boolean hasMore) {
    public Page {
        data = List.copyOf(data);
    }
}
