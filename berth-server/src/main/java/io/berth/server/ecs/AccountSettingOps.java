package io.berth.server.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.server.state.AccountSetting;
import io.berth.server.state.Keys;
import io.berth.wire.AwsException;
import io.berth.wire.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ListAccountSettings, PutAccountSetting, PutAccountSettingDefault, DeleteAccountSetting. A
 * principal's own setting wins over the account default, which wins over ECS's built-in default.
 */
final class AccountSettingOps implements Ops {
    private static final String DEFAULT_PRINCIPAL = "default";
    private static final Map<String, String> BUILT_IN = new LinkedHashMap<>();

    static {
        BUILT_IN.put("serviceLongArnFormat", "enabled");
        BUILT_IN.put("taskLongArnFormat", "enabled");
        BUILT_IN.put("containerInstanceLongArnFormat", "enabled");
        BUILT_IN.put("awsvpcTrunking", "disabled");
        BUILT_IN.put("containerInsights", "disabled");
        BUILT_IN.put("fargateFIPSMode", "disabled");
        BUILT_IN.put("tagResourceAuthorization", "on");
        BUILT_IN.put("fargateTaskRetirementWaitPeriod", "7");
        BUILT_IN.put("guardDutyActivate", "off");
        BUILT_IN.put("defaultLogDriverMode", "blocking");
        BUILT_IN.put("fargateEventWindows", "disabled");
    }

    private final EcsContext ctx;

    AccountSettingOps(EcsContext ctx) {
        this.ctx = ctx;
    }

    private String rootArn() {
        return "arn:aws:iam::" + ctx.arns().account() + ":root";
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("PutAccountSetting", (in, r) -> Json.object().set("setting", Json.tree(put(in, principal(in)))));
        ops.put("PutAccountSettingDefault", (in, r) -> Json.object().set("setting", Json.tree(put(in, DEFAULT_PRINCIPAL))));
        ops.put("DeleteAccountSetting", (in, r) -> {
            String name = Input.required(in, "name");
            String principal = principal(in);
            AccountSetting removed = ctx.committer().write(tx -> {
                var s = tx.state().get(Keys.setting(principal, name), AccountSetting.class);
                s.ifPresent(x -> tx.delete(Keys.setting(principal, name)));
                return s.orElse(new AccountSetting(name, effective(principal, name).value(), principalArnOf(principal), "user"));
            });
            return Json.object().set("setting", Json.tree(removed));
        });
        ops.put("ListAccountSettings", (in, r) -> list(in));
    }

    private String principal(JsonNode in) {
        return Input.str(in, "principalArn", rootArn());
    }

    private String principalArnOf(String principal) {
        return DEFAULT_PRINCIPAL.equals(principal) ? rootArn() : principal;
    }

    private AccountSetting put(JsonNode in, String principal) {
        String name = Input.required(in, "name");
        String value = Input.required(in, "value");
        if (!BUILT_IN.containsKey(name)) throw AwsException.invalidParameter("Unknown account setting " + name + ".");
        if (name.endsWith("LongArnFormat") && !value.equals("enabled")) {
            throw AwsException.invalidParameter("The long ARN format can no longer be disabled; " + name + " must be enabled.");
        }
        AccountSetting s = new AccountSetting(name, value, principalArnOf(principal), "user");
        ctx.committer().write(tx -> {
            tx.put(Keys.setting(principal, name), s);
            return null;
        });
        return s;
    }

    private AccountSetting effective(String principal, String name) {
        var st = ctx.state();
        return st.get(Keys.setting(principal, name), AccountSetting.class)
                .or(() -> st.get(Keys.setting(DEFAULT_PRINCIPAL, name), AccountSetting.class))
                .map(s -> new AccountSetting(s.name(), s.value(), principalArnOf(principal), s.type()))
                .orElse(new AccountSetting(name, BUILT_IN.get(name), principalArnOf(principal), "aws_managed"));
    }

    private ObjectNode list(JsonNode in) {
        String name = Input.str(in, "name");
        String value = Input.str(in, "value");
        String principal = principal(in);
        boolean effective = Input.bool(in, "effectiveSettings", false);
        List<AccountSetting> out = new ArrayList<>();
        for (String n : BUILT_IN.keySet()) {
            if (name != null && !name.equals(n)) continue;
            AccountSetting s = effective ? effective(principal, n)
                    : ctx.state().get(Keys.setting(principal, n), AccountSetting.class).orElse(null);
            if (s == null || (value != null && !value.equals(s.value()))) continue;
            out.add(s);
        }
        var page = Paging.page(out, AccountSetting::name, in, 10);
        ObjectNode o = Json.object();
        o.set("settings", Json.tree(page.items()));
        if (page.nextToken() != null) o.put("nextToken", page.nextToken());
        return o;
    }
}
