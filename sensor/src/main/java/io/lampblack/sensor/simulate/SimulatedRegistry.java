package io.lampblack.sensor.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.protocol.sensor.LiveResponseProtocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The registry of a simulated Windows host: the keys an analyst usually looks at (Run keys, services, the OS
 * version) with plausible values, changed by live response's registry commands. Key names ignore case, as
 * Windows' do; hives may be written short ({@code HKLM}) or long ({@code HKEY_LOCAL_MACHINE}).
 */
final class SimulatedRegistry {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Map<String, String> HIVES = Map.of(
            "hkey_local_machine", "HKLM",
            "hkey_current_user", "HKCU",
            "hkey_users", "HKU",
            "hkey_classes_root", "HKCR",
            "hkey_current_config", "HKCC");

    /** One key: its name as created, its values (in insertion order) and its sub-keys. */
    private static final class Key {
        final String name;
        final Map<String, ObjectNode> values = new LinkedHashMap<>();
        final TreeMap<String, Key> subKeys = new TreeMap<>();

        Key(String name) {
            this.name = name;
        }
    }

    private final Key root = new Key("");

    SimulatedRegistry(String hostName) {
        for (String hive : List.of("HKLM", "HKCU", "HKU", "HKCR", "HKCC")) create(hive);
        String run = "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run";
        put(run, "SecurityHealth", "REG_EXPAND_SZ", F.textNode("%windir%\\system32\\SecurityHealthSystray.exe"));
        put(run, "RtkAudUService", "REG_SZ", F.textNode("\"C:\\Windows\\System32\\RtkAudUService64.exe\" -background"));
        String userRun = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run";
        put(
                userRun,
                "OneDrive",
                "REG_SZ",
                F.textNode("\"C:\\Users\\alice\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe\" /background"));
        put(
                userRun,
                "com.squirrel.Teams.Teams",
                "REG_SZ",
                F.textNode(
                        "C:\\Users\\alice\\AppData\\Local\\Microsoft\\Teams\\Update.exe --processStart \"Teams.exe\""));
        create("HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\RunOnce");
        String nt = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";
        put(nt, "ProductName", "REG_SZ", F.textNode("Windows 10 Enterprise"));
        put(nt, "CurrentBuild", "REG_SZ", F.textNode("19045"));
        put(nt, "DisplayVersion", "REG_SZ", F.textNode("22H2"));
        put(nt, "InstallDate", "REG_DWORD", F.numberNode(1_650_000_000L));
        put(nt, "RegisteredOwner", "REG_SZ", F.textNode("alice"));
        String computer = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ComputerName";
        put(computer, "ComputerName", "REG_SZ", F.textNode(hostName));
        String services = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\";
        String[][] svc = {
            {"ACPI", "System32\\drivers\\ACPI.sys", "0", "1"},
            {"CarbonBlack", "\"C:\\Windows\\CarbonBlack\\cb.exe\"", "2", "16"},
            {"EventLog", "%SystemRoot%\\System32\\svchost.exe -k LocalServiceNetworkRestricted -p", "2", "32"},
            {"LanmanServer", "%SystemRoot%\\system32\\svchost.exe -k netsvcs -p", "2", "32"},
            {"Tcpip", "System32\\drivers\\tcpip.sys", "0", "1"},
            {
                "WinDefend",
                "\"C:\\ProgramData\\Microsoft\\Windows Defender\\platform\\4.18.2205.7-0\\MsMpEng.exe\"",
                "2",
                "16"
            },
            {"wuauserv", "%systemroot%\\system32\\svchost.exe -k netsvcs -p", "3", "32"}
        };
        for (String[] s : svc) {
            put(services + s[0], "ImagePath", "REG_EXPAND_SZ", F.textNode(s[1]));
            put(services + s[0], "Start", "REG_DWORD", F.numberNode(Integer.parseInt(s[2])));
            put(services + s[0], "Type", "REG_DWORD", F.numberNode(Integer.parseInt(s[3])));
        }
        put(services + "LanmanServer\\Parameters", "NullSessionPipes", "REG_MULTI_SZ", F.arrayNode());
        put(services + "Tcpip\\Parameters", "SearchList", "REG_SZ", F.textNode("corp.example.com"));
        put(
                "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa",
                "Security Packages",
                "REG_MULTI_SZ",
                F.arrayNode()
                        .add("kerberos")
                        .add("msv1_0")
                        .add("schannel")
                        .add("wdigest")
                        .add("tspkg")
                        .add("pku2u"));
        put("HKCU\\Environment", "TEMP", "REG_EXPAND_SZ", F.textNode("%USERPROFILE%\\AppData\\Local\\Temp"));
    }

    /** {@code reg enum key}: the key's {@code values} and {@code sub_keys}. */
    synchronized ObjectNode enumerate(String keyPath) throws CommandFailure {
        Key k = find(keyPath);
        ObjectNode out = F.objectNode();
        var values = out.putArray("values");
        k.values.values().forEach(v -> values.add(v.deepCopy()));
        var subKeys = out.putArray("sub_keys");
        k.subKeys.values().forEach(s -> subKeys.add(s.name));
        return out;
    }

    /** {@code reg query value}: {@code path} is the key, a backslash, and the value's name. */
    synchronized ObjectNode query(String valuePath) throws CommandFailure {
        Key k = find(keyOf(valuePath));
        ObjectNode v = k.values.get(lower(nameOf(valuePath)));
        if (v == null) throw new CommandFailure(LiveResponseProtocol.E_FILE_NOT_FOUND, "value not found: " + valuePath);
        ObjectNode out = F.objectNode();
        out.set("value", v.deepCopy());
        return out;
    }

    /** {@code reg set value}; the key must exist, an existing value is replaced only with {@code overwrite}. */
    synchronized void set(String valuePath, String type, JsonNode data, boolean overwrite) throws CommandFailure {
        Key k = find(keyOf(valuePath));
        String name = nameOf(valuePath);
        if (!overwrite && k.values.containsKey(lower(name)))
            throw new CommandFailure(LiveResponseProtocol.E_ALREADY_EXISTS, "value exists: " + valuePath);
        String t = type == null || type.isBlank() ? "REG_SZ" : type;
        if (!List.of("REG_SZ", "REG_EXPAND_SZ", "REG_MULTI_SZ", "REG_DWORD", "REG_QWORD", "REG_BINARY", "REG_NONE")
                .contains(t)) throw new CommandFailure(LiveResponseProtocol.E_INVALIDARG, "unknown value type " + t);
        if ((t.equals("REG_DWORD") || t.equals("REG_QWORD"))
                && (data == null || !data.canConvertToLong() && !data.isTextual()))
            throw new CommandFailure(LiveResponseProtocol.E_INVALIDARG, t + " needs a number");
        JsonNode d = data == null ? F.nullNode() : data;
        if ((t.equals("REG_DWORD") || t.equals("REG_QWORD")) && d.isTextual()) {
            try {
                d = F.numberNode(Long.decode(d.asText().trim()));
            } catch (NumberFormatException e) {
                throw new CommandFailure(LiveResponseProtocol.E_INVALIDARG, t + " needs a number, not " + d.asText());
            }
        }
        k.values.put(lower(name), value(name, t, d));
    }

    /** {@code reg create key}: creates the missing keys on the way; an existing key is fine (it is opened). */
    synchronized void createKey(String keyPath) throws CommandFailure {
        String[] parts = split(keyPath);
        if (!HIVES.containsValue(parts[0].toUpperCase(Locale.ROOT)))
            throw new CommandFailure(LiveResponseProtocol.E_INVALIDARG, "unknown hive in " + keyPath);
        create(String.join("\\", parts));
    }

    /** {@code reg delete key}: only a key without sub-keys, never a hive. */
    synchronized void deleteKey(String keyPath) throws CommandFailure {
        String[] parts = split(keyPath);
        if (parts.length == 1) throw new CommandFailure(LiveResponseProtocol.E_ACCESS_DENIED, "cannot delete a hive");
        Key k = find(keyPath);
        if (!k.subKeys.isEmpty())
            throw new CommandFailure(LiveResponseProtocol.E_ACCESS_DENIED, "key has sub-keys: " + keyPath);
        find(keyOf(keyPath)).subKeys.remove(lower(parts[parts.length - 1]));
    }

    /** {@code reg delete value}. */
    synchronized void deleteValue(String valuePath) throws CommandFailure {
        Key k = find(keyOf(valuePath));
        if (k.values.remove(lower(nameOf(valuePath))) == null)
            throw new CommandFailure(LiveResponseProtocol.E_FILE_NOT_FOUND, "value not found: " + valuePath);
    }

    private Key find(String keyPath) throws CommandFailure {
        Key k = root;
        for (String part : split(keyPath)) {
            k = k.subKeys.get(lower(part));
            if (k == null) throw new CommandFailure(LiveResponseProtocol.E_FILE_NOT_FOUND, "key not found: " + keyPath);
        }
        return k;
    }

    private void create(String keyPath) {
        Key k = root;
        for (String part : split(keyPath)) k = k.subKeys.computeIfAbsent(lower(part), x -> new Key(part));
    }

    private void put(String keyPath, String name, String type, JsonNode data) {
        create(keyPath);
        try {
            find(keyPath).values.put(lower(name), value(name, type, data));
        } catch (CommandFailure e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode value(String name, String type, JsonNode data) {
        ObjectNode v = F.objectNode();
        v.put("value_name", name);
        v.put("value_type", type);
        v.set("value_data", data);
        return v;
    }

    /** The parts of a key path, its hive written short. */
    private static String[] split(String keyPath) {
        List<String> parts = new ArrayList<>();
        for (String p : keyPath.replace('/', '\\').split("\\\\")) if (!p.isEmpty()) parts.add(p);
        if (parts.isEmpty()) parts.add("");
        String hive = HIVES.get(lower(parts.getFirst()));
        if (hive != null) parts.set(0, hive);
        else parts.set(0, parts.getFirst().toUpperCase(Locale.ROOT));
        return parts.toArray(String[]::new);
    }

    private static String keyOf(String valuePath) {
        String p = valuePath.replace('/', '\\');
        int i = p.lastIndexOf('\\');
        return i < 0 ? "" : p.substring(0, i);
    }

    private static String nameOf(String valuePath) {
        String p = valuePath.replace('/', '\\');
        return p.substring(p.lastIndexOf('\\') + 1);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
