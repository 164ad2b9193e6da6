package io.berth.scheduler.check;

import io.berth.scheduler.Candidate;
import io.berth.scheduler.Candidate.Protocol;
import io.berth.scheduler.PlacementRequest;
import io.berth.scheduler.Tally;
import io.berth.scheduler.Veto;
import java.util.List;
import java.util.Optional;

/** Every fixed TCP and UDP host port of the task is free where it would bind (dynamic ports always are). */
public final class PortsCheck implements Check {
    @Override
    public String name() {
        return "ports";
    }

    @Override
    public Optional<Veto> check(Candidate c, PlacementRequest req, Tally tally) {
        var d = req.demand();
        Integer taken = firstTaken(c, tally, Protocol.TCP, d.tcpPorts(), d.hostNetwork());
        Protocol p = Protocol.TCP;
        if (taken == null) {
            taken = firstTaken(c, tally, Protocol.UDP, d.udpPorts(), d.hostNetwork());
            p = Protocol.UDP;
        }
        if (taken == null) return Optional.empty();
        return Optional.of(new Veto(name(), "RESOURCE:PORTS", p.name().toLowerCase(java.util.Locale.ROOT) + " port " + taken + " is in use"));
    }

    private static Integer firstTaken(Candidate c, Tally tally, Protocol p, List<Integer> ports, boolean host) {
        for (int port : ports) {
            if (!c.portFree(p, port, host) || tally.portTaken(c, p, port, host)) return port;
        }
        return null;
    }
}
