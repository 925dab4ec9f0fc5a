package org.novalab.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ConcurrentStepsTest {

    @Test
    void aFailureOfTheCallersStepWaitsForTheOtherStepsBeforeItIsThrown() {
        AtomicBoolean otherFinished = new AtomicBoolean();
        CountDownLatch otherStarted = new CountDownLatch(1);
        Runnable other = () -> {
            otherStarted.countDown();
            sleep(200);
            otherFinished.set(true);
        };

        assertThatThrownBy(() -> ConcurrentSteps.runAll(List.of(() -> {
            await(otherStarted);
            throw new IllegalStateException("disk failed");
        }, other))).isInstanceOf(IllegalStateException.class).hasMessage("disk failed");
        assertThat(otherFinished).isTrue();
    }

    @Test
    void anErrorOfTheCallersStepAlsoWaitsAndStaysAnError() {
        AtomicBoolean otherFinished = new AtomicBoolean();
        CountDownLatch otherStarted = new CountDownLatch(1);

        assertThatThrownBy(() -> ConcurrentSteps.runAll(List.of(() -> {
            await(otherStarted);
            throw new AssertionError("process killed");
        }, () -> {
            otherStarted.countDown();
            sleep(200);
            otherFinished.set(true);
        }))).isInstanceOf(AssertionError.class).hasMessage("process killed");
        assertThat(otherFinished).isTrue();
    }

    @Test
    void theFirstFailureIsThrownWithTheOthersSuppressed() {
        assertThatThrownBy(() -> ConcurrentSteps.runAll(List.of(() -> {
            throw new IllegalStateException("first");
        }, () -> {
            throw new IllegalArgumentException("second");
        }))).isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .isInstanceOf(IllegalArgumentException.class));
    }

    @Test
    void anErrorOfAnotherStepIsThrownAsThatError() {
        assertThatThrownBy(() -> ConcurrentSteps.runAll(List.of(() -> { }, () -> {
            throw new AssertionError("killed in another step");
        }))).isInstanceOf(AssertionError.class).hasMessage("killed in another step");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
