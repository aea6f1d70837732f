using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// -AppLabels entry by entry (Test-TeleportMcpRole: an app's labels; New-TeleportMcpRole: a role's app_labels).
    /// Sources: gravitational/teleport api/types/common/common.go @11994a8c IsValidLabelKey (non-empty; letters, digits,
    /// / . _ : * -), Metadata.CheckAndSetDefaults ("invalid label key"); api/types/role.go (index id 11142259)
    /// checkWildcardSelector ("selector *:&lt;val&gt; is not supported", moved here from RoleDesigner.CheckSelector); an app's
    /// labels are map[string]string, a role's Labels map[string]utils.Strings. Before (08cffa35) an empty key, a $null
    /// value and a nested value were taken silently (ResourceValues.ToStringMap / ToSelector).
    /// </summary>
    public class AppLabelInputTests
    {
        [Theory]
        [InlineData("env", true)]
        [InlineData("teleport.dev/fine-grained-access", true)]
        [InlineData("teleport.dev/managed:internal_access", true)]
        [InlineData("all-objects*", true)]
        [InlineData("*", true)]
        [InlineData("", false)]
        [InlineData("a b", false)]
        [InlineData("env=prod", false)]
        [InlineData("caf\u00E9", false)]   // one byte at a time in Go: a non-ASCII letter is refused
        [InlineData("a\u001Bb", false)]
        [InlineData("{{internal.env}}", false)]
        public void Teleports_label_key_rule(string key, bool valid) => Assert.Equal(valid, LabelKeys.IsValid(key));

        [Theory]
        [InlineData("", "v", "-AppLabels['']: the key is an empty name, which no label can have (Teleport: invalid label key).")]
        [InlineData(" ", "v", "-AppLabels[' ']: the key is a name of white space only, which no label can have (Teleport: invalid label key).")]
        [InlineData("a b", "v", "-AppLabels['a b']: the key is not a label key Teleport accepts (letters, digits and / . _ : * - only; Teleport: invalid label key), so no app carries it.")]
        [InlineData(@"a\u001B[2Jb", "v", @"-AppLabels['a\x1B[2Jb']: the key is not a label key Teleport accepts (letters, digits and / . _ : * - only; Teleport: invalid label key), so no app carries it.")]
        [InlineData("env", null, "-AppLabels['env']: the value is $null; an app's label holds a text (it may be empty).")]
        public void An_app_label_Teleport_cannot_hold_is_its_entrys_error(string key, string value, string message)
        {
            var refused = new List<TeleportInputException>();
            var labels = AppLabelInput.Table(new Hashtable { [Regex.Unescape(key)] = value, ["team"] = "red" }, AppLabelsUse.AppLabels, refused.Add);
            var e = Assert.Single(refused);
            Assert.Equal(AppLabelInput.InvalidCode, e.Code);
            Assert.Equal(message, e.Message);
            Assert.Equal(new[] { "team" }, labels.Keys.Cast<string>());
            Assert.Equal("red", labels["team"]);
        }

        [Fact]
        public void An_app_labels_value_is_one_text()
        {
            var refused = new List<TeleportInputException>();
            var labels = AppLabelInput.Table(new Hashtable { ["a"] = new object[] { "x", "y" }, ["b"] = new Hashtable(), ["c"] = 5, ["d"] = "" }, AppLabelsUse.AppLabels, refused.Add);
            Assert.Equal(new[] { "-AppLabels['a']: the value is a list (System.Object[]); an app's label holds one text.", "-AppLabels['b']: the value is a System.Collections.Hashtable, which no label holds." },
                refused.Select(e => e.Message).OrderBy(m => m));
            Assert.Equal("5", labels["c"]);
            Assert.Equal("", labels["d"]);   // an empty value is a label's own (Teleport does not check values)
            Assert.Equal(2, labels.Count);
        }

        [Fact]
        public void A_selectors_value_is_a_list_of_texts()
        {
            var refused = new List<TeleportInputException>();
            var s = AppLabelInput.Table(new Hashtable
            {
                ["env"] = new object[] { "dev", "prod" },
                ["team"] = "red",
                ["*"] = "*",
                ["nested"] = new object[] { "a", new object[] { "b" } },
                ["hole"] = new object[] { "a", null },
                ["none"] = null,
            }, AppLabelsUse.Selector, refused.Add);
            Assert.Equal(new[] { "-AppLabels['hole']", "-AppLabels['nested']", "-AppLabels['none']" }, refused.Select(e => e.Item).OrderBy(i => i));
            Assert.All(refused, e => Assert.StartsWith("Fix the entry; no role was made", e.RecommendedAction, System.StringComparison.Ordinal));
            Assert.Equal(new[] { "dev", "prod" }, (string[])s["env"]);
            Assert.Equal(new[] { "*", "env", "team" }, s.Keys.Cast<string>().OrderBy(k => k, System.StringComparer.Ordinal));
        }

        // The selector rules RoleDesigner.CheckSelector held, first error only, before (06786180): each is now its entry's
        // own error, with the designer's id, beside a good entry that is kept.
        [Theory]
        [InlineData("*", "dev", "InvalidAppLabels", "-AppLabels['*']: Teleport refuses the role: selector *:<val> is not supported; give '*' = '*' (every app) or a real label key.")]   // api/types/role.go checkWildcardSelector (id 11142259)
        [InlineData("env", "", "InvalidAppLabels", "-AppLabels['env']: the value is empty or holds an empty text; give a value, or '*' for any value.")]
        [InlineData("env", "[]", "InvalidAppLabels", "-AppLabels['env']: the value is empty or holds an empty text; give a value, or '*' for any value.")]
        [InlineData("env", "[dev,]", "InvalidAppLabels", "-AppLabels['env']: the value is empty or holds an empty text; give a value, or '*' for any value.")]
        [InlineData("env", "{{internal.env}}", "TemplateNotSupported", "-AppLabels['env']: the value \"{{internal.env}}\" uses a trait template, which the proof cannot evaluate for every user; give literal label values.")]
        [InlineData("{{internal.k}}", "v", "TemplateNotSupported", "-AppLabels['{{internal.k}}']: the key uses a trait template, which the proof cannot evaluate for every user; give literal labels.")]
        [InlineData("env", "^(unclosed$", "InvalidPattern", "-AppLabels['env']: the value \"^(unclosed$\" is not a valid Go regex: error parsing regexp: missing closing ): `^(unclosed$`")]
        public void A_selector_entry_Teleport_or_the_proof_cannot_use_is_its_entrys_error(string key, string value, string code, string message)
        {
            object given = value.StartsWith("[", System.StringComparison.Ordinal) ? value.Trim('[', ']').Split(',', System.StringSplitOptions.None).Where(v => value != "[]").ToArray() : value;
            var refused = new List<TeleportInputException>();
            var s = AppLabelInput.Table(new Hashtable { [key] = given, ["team"] = "red" }, AppLabelsUse.Selector, refused.Add);
            var e = Assert.Single(refused);
            Assert.Equal(code, e.Code);
            Assert.Equal(message, e.Message);
            Assert.Equal(new[] { "team" }, s.Keys.Cast<string>());
        }

        [Fact]
        public void Every_bad_selector_entry_is_named_once()
        {
            var refused = new List<TeleportInputException>();
            var s = AppLabelInput.Table(new Hashtable
            {
                ["*"] = "dev",
                ["env"] = "",
                ["tier"] = "{{internal.tier}}",
                ["zone"] = new object[] { "a", "^(b$" },
                ["team"] = new object[] { "red", "blue" },
            }, AppLabelsUse.Selector, refused.Add);
            Assert.Equal(new[] { "-AppLabels['*']:InvalidAppLabels", "-AppLabels['env']:InvalidAppLabels", "-AppLabels['tier']:TemplateNotSupported", "-AppLabels['zone']:InvalidPattern" },
                refused.Select(e => e.Item + ":" + e.Code).OrderBy(i => i, System.StringComparer.Ordinal));
            Assert.Equal(new[] { "team" }, s.Keys.Cast<string>());
        }
    }
}
