package io.argusvms.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Whether anybody watches, while viewers come and go on other threads than the feeding session's. */
class LiveFeedWatchersTest {

  private static final LiveFeed.Viewer VIEWER = new LiveFeed.Viewer() {
    @Override
    public boolean offer(LiveFeed.Message m) {
      return true;
    }

    @Override
    public void end() { }
  };

  @Test
  void aViewerWhoIsInTheListIsWatchedWhateverAnotherDoesAtTheSameTime() throws Exception {
    // Two viewers come and go on two threads. With a flag written by both, one leaving could
    // write "nobody" just after the other arrived, and the one watching would get no frame.
    // Bounded: 2,000,000 rounds per thread or 5 s, whichever comes first.
    LiveFeed feed = new LiveFeeds("s1").of("cam");
    long until = System.nanoTime() + 5_000_000_000L;
    AtomicLong unwatched = new AtomicLong();
    Runnable churn = () -> {
      for (int round = 0; round < 2_000_000 && System.nanoTime() < until; round++) {
        Runnable stop = feed.watch(VIEWER);
        if (!feed.watched()) unwatched.incrementAndGet();
        stop.run();
      }
    };
    Thread other = new Thread(churn);
    other.start();
    churn.run();
    other.join();
    assertEquals(0, unwatched.get(), "times a viewer in the list was not watched");
    assertFalse(feed.watched(), "nobody is watching at the end");
  }
}
