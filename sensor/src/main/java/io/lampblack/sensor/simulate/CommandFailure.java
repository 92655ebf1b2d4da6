package io.lampblack.sensor.simulate;

/** A live-response command that failed on the simulated host: the HRESULT a real sensor would report, and why. */
final class CommandFailure extends Exception {

    private final long hresult;

    CommandFailure(long hresult, String message) {
        super(message, null, false, false);
        this.hresult = hresult;
    }

    long hresult() {
        return hresult;
    }
}
