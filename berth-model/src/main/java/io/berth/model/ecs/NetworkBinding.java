package io.berth.model.ecs;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkBinding(String bindIP, Integer containerPort, Integer hostPort, String protocol,
                             String containerPortRange, String hostPortRange) {}
