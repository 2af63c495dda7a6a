package io.argusvms.membership;

import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.remote.artery.ThisActorSystemQuarantinedEvent;

/**
 * A server that was frozen or cut off and downed by the others learns it when they quarantine it
 * (gossip that it is down cannot reach it any more). It then restarts its actor system and joins
 * again, instead of going on as a cluster of its own that records everything twice.
 */
final class QuarantineWatcher {
  private QuarantineWatcher() {}

  static Behavior<ThisActorSystemQuarantinedEvent> create() {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().eventStream().tell(new EventStream.Subscribe<>(ThisActorSystemQuarantinedEvent.class, ctx.getSelf()));
      return Behaviors.receive(ThisActorSystemQuarantinedEvent.class)
          .onAnyMessage(e -> {
            ctx.getLog().warn("server at {} removed this server from the System: restarting to rejoin", e.remoteAddress());
            CoordinatedShutdown.get(ctx.getSystem()).run(Rejoin.JoinOtherSide.INSTANCE);
            return Behaviors.stopped();
          })
          .build();
    });
  }
}
