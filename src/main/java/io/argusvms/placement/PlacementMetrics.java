package io.argusvms.placement;

import java.util.concurrent.atomic.LongAdder;

/** Counters of placement decisions, for /metrics. */
public final class PlacementMetrics {
  private PlacementMetrics() {}

  static final LongAdder decisions = new LongAdder();
  static final LongAdder refusals = new LongAdder();
  static final LongAdder moves = new LongAdder();

  public static String prometheus() {
    return "# TYPE argus_placement_decisions_total counter\n"
        + "argus_placement_decisions_total " + decisions.sum() + "\n"
        + "# TYPE argus_placement_refusals_total counter\n"
        + "argus_placement_refusals_total " + refusals.sum() + "\n"
        + "# TYPE argus_placement_moves_total counter\n"
        + "argus_placement_moves_total " + moves.sum() + "\n";
  }
}
