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
    private static final String NAME = "ports";
    private static final Optional<Veto> NO = Optional.of(new Veto(NAME, "RESOURCE:PORTS", null));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Veto> check(Candidate c, PlacementRequest req, Tally tally) {
        var d = req.demand();
        if (firstTaken(c, tally, Protocol.TCP, d.tcpPorts(), d.hostNetwork()) == null
                && firstTaken(c, tally, Protocol.UDP, d.udpPorts(), d.hostNetwork()) == null) return Optional.empty();
        return NO;
    }

    private static Integer firstTaken(Candidate c, Tally tally, Protocol p, List<Integer> ports, boolean host) {
        for (int port : ports) {
            if (!c.portFree(p, port, host) || tally.portTaken(c, p, port, host)) return port;
        }
        return null;
    }

    @Override
    public String detail(Candidate c, PlacementRequest req, Tally tally) {
        var d = req.demand();
        Integer tcp = firstTaken(c, tally, Protocol.TCP, d.tcpPorts(), d.hostNetwork());
        if (tcp != null) return "tcp port " + tcp + " is in use";
        return "udp port " + firstTaken(c, tally, Protocol.UDP, d.udpPorts(), d.hostNetwork()) + " is in use";
    }
}
