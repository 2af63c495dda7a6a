package io.argusvms.placement;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops Pekko's "Shard [..] allocation failed." lines caused by our strategy's refusal: the shard
 * coordinator logs every failed allocation at ERROR, and a camera that no server may record now
 * (every server full, priority Never with its home down) is refused at every retry of every
 * region that holds a message for it, twice a second each. That is an expected state, not an
 * error; it shows in the camera's status and in {@link PlacementMetrics#refusals}. In the scale
 * simulation (10 servers, 5,000 cameras) these lines were 2.5 million in 150 s.
 */
public final class WaitingCameraLogFilter extends Filter<ILoggingEvent> {
  private static final String REFUSAL = CameraAllocationStrategy.NoServerForCamera.class.getName();

  @Override
  public FilterReply decide(ILoggingEvent event) {
    IThrowableProxy thrown = event.getThrowableProxy();
    return thrown != null && REFUSAL.equals(thrown.getClassName()) ? FilterReply.DENY : FilterReply.NEUTRAL;
  }
}
