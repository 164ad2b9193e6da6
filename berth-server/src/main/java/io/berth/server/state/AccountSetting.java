package io.berth.server.state;

/** An ECS account setting for one principal (or the account default, principal "default"). */
public record AccountSetting(String name, String value, String principalArn, String type) {}
