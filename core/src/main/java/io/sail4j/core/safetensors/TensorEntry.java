package io.sail4j.core.safetensors;

import java.util.List;

/** One tensor of a safetensors header: dtype, shape and its byte range in the data section. */
public record TensorEntry(String name, DType dtype, List<Long> shape, long begin, long end) {
    public TensorEntry {
        shape = List.copyOf(shape);
    }

    public long byteLength() {
        return end - begin;
    }

    public int rank() {
        return shape.size();
    }
}
