using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using TeleportMcp.Engine.Output;
using Xunit;

namespace TeleportMcp.Tests.Hostile
{
    /// <summary>
    /// The output boundary's fast path (OutputText: the one-pass scan at every second position, the texts kept by
    /// reference once proven unchanged) answers exactly as the full rule does: every redaction rule and escape as strong.
    /// </summary>
    public class OutputFastPathTests
    {
        // The full rule, without the fast path: every rule the catalog holds, then control-character escaping.
        private static string FullRule(string text) => ControlCharacters.Escape(Redactor.Redact(text));

        public static IEnumerable<object[]> MustChange()
        {
            // A hint at an even and at an odd position, at the very end, in any case.
            foreach (var pad in new[] { "", " ", "a ", "ab " })
            {
                yield return new object[] { pad + "password=Pl4nt3dPassw0rd" };
                yield return new object[] { pad + "Authorization: Bearer Zx9Qm2Lk7Pw4Rt6Yv8Ua1Sb3" };
                yield return new object[] { pad + "GITHUB_TOKEN=PlantedEnvToken777" };
                yield return new object[] { pad + "using AKIAPLANTEDKEY123456" };
                yield return new object[] { pad + "ghp_PLANTEDgithubToken0123456789ab" };
                yield return new object[] { pad + "sk-ant-api03-PLANTEDkey0123456789abcdef" };
                yield return new object[] { pad + "https://bob:Pl4ntedUrlPw@proxy.example.com" };
                yield return new object[] { pad + "Cookie: grv_session=PlantedCookieOne" };
                yield return new object[] { pad + "PaSsWoRd=Pl4nt3dPassw0rd" };
                // A control character at an even, an odd and the last position of an odd-length text.
                yield return new object[] { pad + "\u001b[2J" };
                yield return new object[] { pad + "ab\u0007" };
                yield return new object[] { pad + "abc\u0000" };
                yield return new object[] { pad + "del\u007f" };
                yield return new object[] { pad + "c1\u009b31m" };
                yield return new object[] { pad + "rtl\u202Eexe.txt" };
                yield return new object[] { pad + "visible\rhidden" };
                yield return new object[] { pad + "x\r" };
            }
            yield return new object[] { "\u001b" };
            yield return new object[] { "a\u001b" };
            // The Kelvin sign folds to k in the rules' case-insensitive matching: outside ASCII goes the full way.
            yield return new object[] { "to\u212Aen=abcdefgh12345" };
        }

        [Theory]
        [MemberData(nameof(MustChange))]
        public void A_text_the_rule_changes_is_changed_the_same_way_every_time(string text)
        {
            string expected = FullRule(text);
            Assert.NotEqual(text, expected);
            Assert.True(OutputText.MayChange(text));
            // Asked again (the same string, and an equal copy), the answer stays the rule's.
            Assert.Equal(expected, OutputText.Safe(text));
            Assert.Equal(expected, OutputText.Safe(text));
            Assert.Equal(expected, OutputText.Safe(new string(text.ToCharArray())));
        }

        [Theory]
        [InlineData("user-42")]
        [InlineData("get_17")]
        [InlineData("allow.mcp.tools")]
        [InlineData("role role-62 selects app everything and allows get_0 through allow.mcp.tools entry \"^(list|get)_[0-9]+$\"; no role denies it.")]
        [InlineData("MFA and device-trust requirements are assumed satisfied (not visible offline).")]
        [InlineData("line one\nline two\tand a tab")]
        [InlineData("a")]
        [InlineData("ab")]
        [InlineData("abc")]
        public void A_text_the_rule_leaves_alone_is_the_same_string(string text)
        {
            Assert.Equal(text, FullRule(text));
            Assert.Same(text, OutputText.Safe(text));
            Assert.Same(text, OutputText.Safe(text));
        }

        [Fact]
        public void Texts_that_share_a_slot_are_told_apart_by_reference()
        {
            // Same length and the same characters where the slot is read; only the second holds an escape and a secret.
            string clean = "zzzz-zzzz-zzzz-zzzz-zzzz-zzzz-zzzz-zzzz-zzzz-zzzz";
            string dirty = "zzzz-\u001b[2J-zzzz-zzzz-zzzz-zzzz-zzzz-zzzz-zzzz-zzzz".Substring(0, clean.Length);
            string secret = "zzzz-zzzz-zzz token=Pl4nt3dJ0inT0kn zzzz-zzzz-zzz";
            Assert.Equal(OutputText.SlotOf(clean), OutputText.SlotOf(dirty));
            Assert.Equal(OutputText.SlotOf(clean), OutputText.SlotOf(secret));
            Assert.Same(clean, OutputText.Safe(clean));
            Assert.Equal(FullRule(dirty), OutputText.Safe(dirty));
            Assert.DoesNotContain("\u001b", OutputText.Safe(dirty), StringComparison.Ordinal);
            Assert.Same(clean, OutputText.Safe(clean));
            Assert.DoesNotContain("Pl4nt3dJ0inT0kn", OutputText.Safe(secret), StringComparison.Ordinal);
            Assert.Equal(FullRule(secret), OutputText.Safe(secret));
        }

        /// <summary>
        /// Every secret of the corpus and every control sequence, shifted by 0 to 3 characters (each hint at both
        /// parities), cut at every length, with case changes and wrapped in ordinary text: the fast path answers as the
        /// full rule does, and whatever the full rule changes the scan sends the full way.
        /// </summary>
        [Fact]
        public void The_fast_path_answers_as_the_full_rule_for_the_whole_corpus()
        {
            var rnd = new Random(23);
            var seeds = HostileCorpus.Secrets.Select(s => s.Text).Concat(HostileCorpus.ControlSequences)
                .Concat(Redactor.Rules.SelectMany(r => r.Hints).Select(h => h + "=PlantedValue12345")).ToList();
            var texts = new List<string>();
            foreach (var seed in seeds)
                foreach (var pad in new[] { "", "a", "ab", "abc" })
                {
                    string t = pad + seed;
                    for (int cut = 1; cut <= t.Length; cut++) texts.Add(t.Substring(0, cut));
                    texts.Add("role r of user u: " + t + " and more text after it");
                    var chars = t.ToCharArray();
                    for (int k = 0; k < chars.Length; k++) if (rnd.Next(3) == 0) chars[k] = char.IsUpper(chars[k]) ? char.ToLowerInvariant(chars[k]) : char.ToUpperInvariant(chars[k]);
                    texts.Add(new string(chars));
                }
            int changed = 0;
            foreach (var t in texts)
            {
                string expected = FullRule(t);
                if (!ReferenceEquals(expected, t) && expected != t)
                {
                    changed++;
                    Assert.True(OutputText.MayChange(t), "the scan let through a text the rule changes: " + t);
                }
                Assert.Equal(expected, OutputText.Safe(t));
                Assert.Equal(expected, OutputText.Safe(t));
            }
            Assert.True(changed > texts.Count / 3, changed + " of " + texts.Count);
        }

        [Fact]
        public void Many_threads_get_the_rule_s_answer()
        {
            var texts = Enumerable.Range(0, 2000).Select(i => i % 3 == 0 ? "user-" + i : i % 3 == 1 ? "tool_" + i + "\u001b[1m" : "x password=Pl4nt3d" + i).ToArray();
            var expected = texts.Select(FullRule).ToArray();
            Parallel.For(0, 8, _ =>
            {
                for (int round = 0; round < 20; round++)
                    for (int i = 0; i < texts.Length; i++)
                        Assert.Equal(expected[i], OutputText.Safe(texts[i]));
            });
        }

        [Fact]
        public void A_list_of_mixed_objects_is_walked_by_each_item_s_own_type()
        {
            // The walk keeps the plan of a list's last item type as a hint: an item of another type is still walked as itself.
            var list = new List<object>
            {
                new RoleEntry { Role = "a\u001b[2J", Written = "password=Pl4nt3dPassw0rd" },
                new DroppedEntry { Role = "b", Reason = "c\u0007", Entry = "token=Pl4nt3dJ0inT0ken" },
                new RoleEntry { Role = "d\u009b" },
                "e\u001b",
            };
            OutputSanitizer.Sanitize(list);
            Assert.Equal("a\\x1B[2J", ((RoleEntry)list[0]).Role);
            Assert.DoesNotContain("Pl4nt3dPassw0rd", ((RoleEntry)list[0]).Written, StringComparison.Ordinal);
            Assert.Equal("c\\x07", ((DroppedEntry)list[1]).Reason);
            Assert.DoesNotContain("Pl4nt3dJ0inT0ken", ((DroppedEntry)list[1]).Entry, StringComparison.Ordinal);
            Assert.Equal("d\\x9B", ((RoleEntry)list[2]).Role);
            Assert.Equal("e\\x1B", list[3]);
            // A property that held one type and now holds another (a list of entries, then of dropped entries) is walked as the new type.
            var access = new ToolAccess { User = "u", Reason = "fine" };
            access.AllowedBy.Add(new RoleEntry { Role = "r\u001b" });
            OutputSanitizer.Sanitize(access);
            access.DroppedEntries.Add(new DroppedEntry { Reason = "q\u001b" });
            OutputSanitizer.Sanitize(access);
            Assert.Equal("r\\x1B", access.AllowedBy[0].Role);
            Assert.Equal("q\\x1B", access.DroppedEntries[0].Reason);
        }
    }
}
