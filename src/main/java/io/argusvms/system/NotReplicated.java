package io.argusvms.system;

/**
 * A change stored on this server (durably, in its System database) that no majority of the
 * System's servers confirmed in time: it spreads when they answer, but it is not yet safe from
 * the loss of this server. The API answers it as 202 {@code {"replicated": false}}, never as a
 * plain success.
 */
public final class NotReplicated extends ServiceException {
  public NotReplicated(String what) {
    super(202, "not_replicated", "stored on this server, but no majority of the System's servers confirmed the change to "
        + what + " in time: it reaches them when they answer; until then it would be lost with this server's disk");
  }
}
