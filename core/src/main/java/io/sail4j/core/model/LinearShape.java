package io.sail4j.core.model;

/** The weight shape of a linear layer, in PyTorch's {@code [out, in]} order. */
public record LinearShape(long out, long in) {
    public LinearShape {
        if (out <= 0 || in <= 0) {
            throw new IllegalArgumentException("linear dimensions must be positive: [" + out + "," + in + "]");
        }
    }

    @Override
    public String toString() {
        return "[" + out + "," + in + "]";
    }
}
