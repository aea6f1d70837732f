using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Documents;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// tctl reads a resource through sigs.k8s.io/yaml (tool/tctl/common/resource_command.go), whose yaml.go
    /// convertToJSONableObject names each map key go-yaml v2 read as a boolean or a number: strconv.FormatBool, Itoa,
    /// FormatFloat(v, 'g', -1, 32) with .inf/-.inf/.nan; a null or uint64 key is "unsupported map key of type".
    /// </summary>
    public class TctlKeyNamesTests
    {
        private static List<ResourceReadItem> Read(string text, string source = "r.yaml") => ResourceReader.ReadText(text, source).ToList();

        [Theory]
        [InlineData("on", "true")]
        [InlineData("No", "false")]
        [InlineData("Y", "true")]
        [InlineData("0x10", "16")]
        [InlineData("0755", "493")]
        [InlineData("0o17", "15")]
        [InlineData("1_000", "1000")]
        [InlineData("-0", "0")]
        [InlineData("+7", "7")]
        [InlineData("-9223372036854775808", "-9223372036854775808")]
        [InlineData("9223372036854775807", "9223372036854775807")]
        // resolve.go's own 0b branch: ParseInt(plain[2:], 2, 64) takes a sign
        [InlineData("0b-1", "-1")]
        [InlineData("0b+101", "5")]
        // floats: float32 shortest digits, %e below 1e-4 and from 1e21's precision-6 threshold (exponent >= 6)
        [InlineData("1.50", "1.5")]
        [InlineData("1e6", "1e+06")]
        [InlineData("123456.0", "123456")]
        [InlineData("1234567.0", "1.234567e+06")]
        [InlineData("123456789.0", "1.2345679e+08")]
        [InlineData("3.14159265358979", "3.1415927")]
        [InlineData("0.1", "0.1")]
        [InlineData("0.0001", "0.0001")]
        [InlineData("0.00001", "1e-05")]
        [InlineData("-0.0", "-0")]
        [InlineData(".5_0", "0.5")]
        [InlineData(".1e1_0", "1e+09")]
        // a power of two: the gap below is half the gap above, so the shortest is not the nearest 8-digit number (2^87)
        [InlineData("154742504910672534362390528", "1.5474251e+26")]
        [InlineData("1e39", ".inf")]
        [InlineData("-1e39", "-.inf")]
        [InlineData(".NaN", ".nan")]
        [InlineData("-.Inf", "-.inf")]
        [InlineData("+.inf", ".inf")]
        [InlineData("1e-50", "0")]
        // text stays itself
        [InlineData("read_file", "read_file")]
        [InlineData("2024-01-02", "2024-01-02")]
        [InlineData("1e400", "1e400")]
        [InlineData("v8", "v8")]
        public void A_plain_key_is_named_as_sigs_k8s_yaml_names_it(string plain, string expected)
        {
            Assert.Equal(expected, GoYamlV2Scalar.KeyText(plain, out var refused));
            Assert.Null(refused);
        }

        [Fact]
        public void Float_keys_take_the_shortest_digits_that_read_back_for_every_power_of_two_and_random_floats()
        {
            // .NET's float.ToString("R") (since .NET Core 3.0) is the shortest round-trip form, nearest of its length, as
            // strconv's FormatFloat(v, 'g', -1, 32) is; compare the significant digits and the exponent.
            static (string, int) Shortest(float f)
            {
                var e = System.Math.Abs(f).ToString("E9", System.Globalization.CultureInfo.InvariantCulture);
                var r = System.Math.Abs(f).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                var d = double.Parse(r, System.Globalization.CultureInfo.InvariantCulture).ToString("E16", System.Globalization.CultureInfo.InvariantCulture);
                int at = d.IndexOf('E');
                var digits = d.Substring(0, at).Replace(".", "").TrimEnd('0');
                return (digits.Length == 0 ? "0" : digits, int.Parse(d.Substring(at + 1), System.Globalization.CultureInfo.InvariantCulture));
            }
            static (string, int) Ours(float f)
            {
                var g = GoYamlV2Scalar.GoFloat32G(f).TrimStart('-');
                var d = double.Parse(g, System.Globalization.CultureInfo.InvariantCulture).ToString("E16", System.Globalization.CultureInfo.InvariantCulture);
                int at = d.IndexOf('E');
                var digits = d.Substring(0, at).Replace(".", "").TrimEnd('0');
                return (digits.Length == 0 ? "0" : digits, int.Parse(d.Substring(at + 1), System.Globalization.CultureInfo.InvariantCulture));
            }
            var values = new List<float>();
            for (int exp = -149; exp <= 127; exp++)
            {
                float p = (float)System.Math.Pow(2, exp);
                values.Add(p);
                values.Add(System.MathF.BitDecrement(p));
                values.Add(System.MathF.BitIncrement(p));
            }
            var random = new System.Random(87);
            var bits = new byte[4];
            while (values.Count < 200_000)
            {
                random.NextBytes(bits);
                float f = System.BitConverter.ToSingle(bits, 0);
                if (!float.IsNaN(f) && !float.IsInfinity(f) && f != 0) values.Add(f);
            }
            var wrong = values.Where(f => Ours(f) != Shortest(f)).Take(5).Select(f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + " -> " + GoYamlV2Scalar.GoFloat32G(f)).ToList();
            Assert.Empty(wrong);
        }

        [Theory]
        [InlineData("~", "<nil>")]
        [InlineData("null", "<nil>")]
        [InlineData("", "<nil>")]
        [InlineData("9223372036854775808", "uint64")]
        [InlineData("18446744073709551615", "uint64")]
        [InlineData("0xFFFFFFFFFFFFFFFF", "uint64")]
        public void A_null_or_uint64_key_is_refused(string plain, string type)
        {
            Assert.Null(GoYamlV2Scalar.KeyText(plain, out var refused));
            Assert.Equal(type, refused);
        }

        [Fact]
        public void Label_and_trait_keys_read_as_booleans_or_numbers_get_tctls_names_with_a_warning_at_the_key()
        {
            var items = Read("kind: role\nversion: v8\nmetadata: {name: r}\nspec:\n  allow:\n    app_labels:\n      on: dev\n      0x10: x\n      'yes': q\n      env: prod\n" +
                             "---\nkind: user\nversion: v2\nmetadata: {name: alice}\nspec: {roles: [r], traits: {1.50: [a]}}\n");
            var role = Assert.IsType<TeleportMcp.Role>(items.Single(i => i.Resource is TeleportMcp.Role).Resource);
            Assert.Equal(new[] { "true", "16", "yes", "env" }, role.AllowAppLabels!.Keys.Cast<string>().OrderBy(k => k == "env").ThenBy(k => k == "yes").ThenBy(k => k == "16"));
            Assert.Equal(new[] { "dev" }, (string[])role.AllowAppLabels["true"]!);
            var user = Assert.IsType<TeleportMcp.User>(items.Single(i => i.Resource is TeleportMcp.User).Resource);
            Assert.Equal(new[] { "1.5" }, user.TraitMap.Keys);
            var warnings = items.Where(i => i.Diagnostic?.Code == TctlKeyNames.RenamedCode).Select(i => i.Diagnostic!).ToList();
            Assert.Equal(3, warnings.Count);
            Assert.All(warnings, w => Assert.Equal(DiagnosticLevel.Warning, w.Level));
            Assert.Equal((7, 7), (warnings[0].Location!.Line, warnings[0].Location!.Column));
            Assert.Contains("Teleport names it \"true\"", warnings[0].Message, StringComparison.Ordinal);
            Assert.Contains("'on'", warnings[0].Message, StringComparison.Ordinal);
            Assert.Contains("\"16\"", warnings[1].Message, StringComparison.Ordinal);
            Assert.Equal(8, warnings[1].Location!.Line);
            Assert.Contains("\"1.5\"", warnings[2].Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Keys_that_come_to_one_name_keep_the_later_value_and_say_so()
        {
            var items = Read("kind: app\nversion: v3\nmetadata:\n  name: a\n  labels: {yes: a, on: b, 'true': c}\nspec: {uri: 'http://localhost:1/mcp'}\n");
            var app = Assert.IsType<TeleportMcp.App>(items.Single(i => i.Resource != null).Resource);
            Assert.Equal("c", (string)Assert.Single(app.Labels.Keys.Cast<string>().Select(k => app.Labels[k])!)!);
            Assert.Contains(items, i => i.Diagnostic?.Code == TctlKeyNames.RenamedCode && i.Diagnostic.Message.Contains("two keys of one mapping are both \"true\""));
        }

        [Theory]
        // one key of go-yaml's map (the same boolean, int or float64): tctl keeps the later value
        [InlineData("{yes: a, on: b}", "b", "are the same boolean as tctl reads them, named \"true\": tctl keeps the later value")]
        [InlineData("{0x10: a, 16: b}", "b", "are the same number as tctl reads them, named \"16\": tctl keeps the later value")]
        [InlineData("{-0.0: a, 0.0: b}", "b", "are the same number as tctl reads them, named \"0\"")]
        // two keys there that sigs.k8s.io/yaml names alike: either value, in no fixed order
        [InlineData("{1: a, 1.0: b}", "b", "are both \"1\" as tctl reads them: TeleportMcp keeps the later value, and tctl may keep either")]
        [InlineData("{1.00000001: a, 1.0: b}", "b", "are both \"1\" as tctl reads them: TeleportMcp keeps the later value, and tctl may keep either")]
        [InlineData("{.nan: a, .NaN: b}", "b", "are both \".nan\" as tctl reads them: TeleportMcp keeps the later value, and tctl may keep either")]
        [InlineData("{'true': a, yes: b}", "b", "are both \"true\" as tctl reads them: TeleportMcp keeps the later value, and tctl may keep either")]
        public void Keys_that_come_to_one_name_say_whether_tctl_keeps_the_later_value(string labels, string kept, string message)
        {
            var items = Read("kind: app\nversion: v3\nmetadata:\n  name: a\n  labels: " + labels + "\nspec: {uri: 'http://localhost:1/mcp'}\n");
            var app = Assert.IsType<TeleportMcp.App>(items.Single(i => i.Resource != null).Resource);
            Assert.Equal(kept, (string)Assert.Single(app.Labels.Keys.Cast<string>().Select(k => app.Labels[k])!)!);
            Assert.Contains(items, i => i.Diagnostic?.Code == TctlKeyNames.RenamedCode && i.Diagnostic.Message.Contains("two keys of one mapping " + message));
        }

        [Theory]
        [InlineData("{1: a, '1': b}", "b")]
        [InlineData("{'1': a, 1: b}", "b")]
        public void A_key_written_quoted_and_plain_alike_says_tctl_keeps_either(string labels, string kept)
        {
            var items = Read("kind: app\nversion: v3\nmetadata:\n  name: a\n  labels: " + labels + "\nspec: {uri: 'http://localhost:1/mcp'}\n");
            var app = Assert.IsType<TeleportMcp.App>(items.Single(i => i.Resource != null).Resource);
            Assert.Equal(kept, (string)app.Labels["1"]!);
            var w = Assert.Single(items, i => i.Diagnostic?.Code == "DuplicateYamlKey").Diagnostic!;
            Assert.Contains("once quoted and once plain", w.Message, StringComparison.Ordinal);
            Assert.Contains("keeping either value in no fixed order", w.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("{~: x, '': y}")]
        [InlineData("{'': y, ~: x}")]
        [InlineData("{'': y, null: x}")]
        public void A_null_key_beside_a_quoted_empty_key_is_refused_whichever_is_later(string labels)
        {
            var items = Read("kind: role\nversion: v8\nmetadata: {name: r}\nspec: {allow: {app_labels: " + labels + "}}\n");
            Assert.DoesNotContain(items, i => i.Resource != null);
            Assert.Contains(items, i => i.Diagnostic?.Code == TctlKeyNames.RefusedCode);
        }

        [Fact]
        public void A_null_key_is_an_error_and_the_next_document_is_still_read()
        {
            var items = Read("kind: role\nversion: v8\nmetadata: {name: bad}\nspec: {allow: {app_labels: {~: x}}}\n---\n" +
                             "kind: role\nversion: v8\nmetadata: {name: big}\nspec: {allow: {app_labels: {18446744073709551615: x}}}\n---\n" +
                             "kind: role\nversion: v8\nmetadata: {name: good}\nspec: {allow: {app_labels: {'~': x}}}\n");
            var errors = items.Where(i => i.Diagnostic?.Level == DiagnosticLevel.Error).Select(i => i.Diagnostic!).ToList();
            Assert.Equal(new[] { TctlKeyNames.RefusedCode, TctlKeyNames.RefusedCode }, errors.Select(e => e.Code));
            Assert.Contains("is null", errors[0].Message, StringComparison.Ordinal);
            Assert.Contains("unsupported map key of type: <nil>", errors[0].Message, StringComparison.Ordinal);
            Assert.Equal((4, 29), (errors[0].Location!.Line, errors[0].Location!.Column));
            Assert.Contains("unsupported map key of type: uint64", errors[1].Message, StringComparison.Ordinal);
            var good = Assert.IsType<TeleportMcp.Role>(Assert.Single(items, i => i.Resource != null).Resource);
            Assert.Equal("good", good.Name);
            Assert.Equal("~", Assert.Single(good.AllowAppLabels!.Keys.Cast<string>()));
        }

        [Fact]
        public void Json_keys_and_teleport_yaml_keys_are_not_renamed()
        {
            var json = Read("{\"kind\": \"role\", \"version\": \"v8\", \"metadata\": {\"name\": \"r\"}, \"spec\": {\"allow\": {\"app_labels\": {\"on\": \"x\"}}}}", "r.json");
            var role = Assert.IsType<TeleportMcp.Role>(json.Single(i => i.Resource != null).Resource);
            Assert.Equal("on", Assert.Single(role.AllowAppLabels!.Keys.Cast<string>()));
            Assert.DoesNotContain(json, i => i.Diagnostic?.Code == TctlKeyNames.RenamedCode);
            // lib/config/fileconf.go decodes teleport.yaml with go-yaml into typed fields: a label key 'on' is "on" there.
            var conf = Read("version: v3\napp_service:\n  enabled: true\n  apps:\n  - name: a\n    uri: http://localhost:1/mcp\n    labels: {on: x}\n", "teleport.yaml");
            var app = (TeleportMcp.App)conf.Single(i => i.Resource is TeleportMcp.App a && a.Name == "a").Resource!;
            Assert.DoesNotContain(conf, i => i.Diagnostic?.Code == TctlKeyNames.RenamedCode);
            Assert.Equal("on", Assert.Single(app.Labels.Keys.Cast<string>()));
        }

        // encoding/json floatEncoder (encode.go), as measured with Go 1.19 json.Marshal(float64): shortest digits, %f from 1e-6
        // up to 1e21, else %e with a negative exponent's leading zero dropped.
        [Theory]
        [InlineData(1.5, "1.5")]
        [InlineData(1e21, "1e+21")]
        [InlineData(1e-7, "1e-7")]
        [InlineData(100.0, "100")]
        [InlineData(1e20, "100000000000000000000")]
        [InlineData(0.000001, "0.000001")]
        [InlineData(-0.0, "-0")]
        [InlineData(123456789.125, "123456789.125")]
        [InlineData(123456789012345678901234.0, "1.2345678901234569e+23")]
        [InlineData(0.1, "0.1")]
        [InlineData(5e-324, "5e-324")]
        [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
        public void A_float64_is_written_as_encoding_json_writes_it(double value, string expected) => Assert.Equal(expected, GoYamlV2Scalar.GoJsonFloat64(value));

        // sigs.k8s.io/yaml: a plain value go-yaml v2 resolves (resolve.go) keeps its type in the JSON tctl decodes.
        [Theory]
        [InlineData("yes", "true")]
        [InlineData("Off", "false")]
        [InlineData("0x1F", "31")]
        [InlineData("0o17", "15")]
        [InlineData("017", "15")]
        [InlineData("1_000", "1000")]
        [InlineData("18446744073709551615", "18446744073709551615")]
        [InlineData("-9223372036854775808", "-9223372036854775808")]
        [InlineData(".5", "0.5")]
        [InlineData("1e3", "1000")]
        [InlineData("1.50", "1.5")]
        [InlineData(".inf", null)]
        [InlineData(".NaN", null)]
        [InlineData("teleport", null)]
        [InlineData("~", null)]
        public void A_typed_plain_value_has_the_json_text_tctl_gives_it(string plain, string expected) => Assert.Equal(expected, GoYamlV2Scalar.JsonValueText(plain));
    }
}
