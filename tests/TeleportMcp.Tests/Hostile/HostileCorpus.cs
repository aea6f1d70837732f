using System.Collections.Generic;
using System.Linq;

namespace TeleportMcp.Tests.Hostile
{
    /// <summary>
    /// Planted secrets and control sequences, generated in code (no files): each entry is a text as it appears in a
    /// log, a role, a command line or a server's stderr, and the secret that must never come out.
    /// </summary>
    public static class HostileCorpus
    {
        public sealed class Secret
        {
            public string Kind { get; set; }
            public string Text { get; set; }
            public string[] Values { get; set; }
            public override string ToString() => Kind;
        }

        public static readonly Secret[] Secrets =
        {
            new Secret { Kind = "bearer", Text = "Authorization: Bearer Zx9Qm2Lk7Pw4Rt6Yv8Ua1Sb3", Values = new[] { "Zx9Qm2Lk7Pw4Rt6Yv8Ua1Sb3" } },
            new Secret { Kind = "basic", Text = "authorization: basic YWxpY2U6UGw0bnQzZEJhc2lj", Values = new[] { "YWxpY2U6UGw0bnQzZEJhc2lj" } },
            new Secret { Kind = "jwt", Text = "id_token eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJwbGFudGVkIn0.UGxhbnRlZFNpZ25hdHVyZQ in header",
                         Values = new[] { "eyJzdWIiOiJwbGFudGVkIn0", "UGxhbnRlZFNpZ25hdHVyZQ" } },
            new Secret { Kind = "aws-key-id", Text = "using AKIAPLANTEDKEY123456 for s3", Values = new[] { "AKIAPLANTEDKEY123456" } },
            new Secret { Kind = "aws-secret", Text = "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYPLANTED01", Values = new[] { "wJalrXUtnFEMIK7MDENGbPxRfiCYPLANTED01" } },
            new Secret { Kind = "password=", Text = "connect failed password=Pl4nt3dPassw0rd retrying", Values = new[] { "Pl4nt3dPassw0rd" } },
            new Secret { Kind = "--token=", Text = "tctl nodes add --token=pl4nt3dJ0inT0ken --roles=node", Values = new[] { "pl4nt3dJ0inT0ken" } },
            new Secret { Kind = "--password value", Text = "mysql --password Pl4ntedOptPw --host db", Values = new[] { "Pl4ntedOptPw" } },
            new Secret { Kind = "url-password", Text = "proxy https://bob:Pl4ntedUrlPw@proxy.example.com:3128 refused", Values = new[] { "Pl4ntedUrlPw" } },
            new Secret { Kind = "pem", Text = "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAPLANTEDKEYMATERIAL\nQUJDREVGR0hJSktMTU5PUFFSU1RVVldY\n-----END RSA PRIVATE KEY-----\nend",
                         Values = new[] { "MIIEpAIBAAKCAQEAPLANTEDKEYMATERIAL", "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY" } },
            new Secret { Kind = "pem-cut", Text = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAPLANTEDCUT", Values = new[] { "b3BlbnNzaC1rZXktdjEAAAAPLANTEDCUT" } },
            new Secret { Kind = "anthropic-key", Text = "ANTHROPIC: sk-ant-api03-PLANTEDkey0123456789abcdef", Values = new[] { "PLANTEDkey0123456789abcdef" } },
            new Secret { Kind = "github-token", Text = "git clone with ghp_PLANTEDgithubToken0123456789ab", Values = new[] { "ghp_PLANTEDgithubToken0123456789ab" } },
            new Secret { Kind = "api_key json", Text = "{\"api_key\": \"plantedApiKeyValue42\", \"user\": \"alice\"}", Values = new[] { "plantedApiKeyValue42" } },
            new Secret { Kind = "env token", Text = "GITHUB_TOKEN=PlantedEnvToken777 npx server", Values = new[] { "PlantedEnvToken777" } },
            new Secret { Kind = "cookies", Text = "Cookie: grv_session=PlantedCookieOne; __Host-csrf=PlantedCookieTwo; theme=PlantedCookieThree",
                         Values = new[] { "PlantedCookieOne", "PlantedCookieTwo", "PlantedCookieThree" } },
            new Secret { Kind = "set-cookie", Text = "Set-Cookie: grv_app_session=PlantedSetCookie; Path=/; HttpOnly", Values = new[] { "PlantedSetCookie" } },
        };

        public static IEnumerable<object[]> SecretCases() => Secrets.Select(s => new object[] { s });

        /// <summary>Terminal sequences an attacker plants in a role, a log line, a tool name or a server's stderr.</summary>
        public static readonly string[] ControlSequences =
        {
            "\u001b]0;pwned title\u0007",      // OSC window title
            "\u001b]8;;https://evil.example/\u001b\\link\u001b]8;;\u001b\\", // OSC 8 hyperlink
            "\u001b[2J\u001b[H",                // clear screen, cursor home
            "ok\b\b\bFAIL",                     // backspaces rewrite what was printed
            "visible\rhidden",                  // carriage return overwrites the line
            "\u009b31m",                        // C1 CSI
            "nul\u0000cut",
            "bell\u0007",
            "rtl\u202Eexe.txt",                 // bidi override
        };

        /// <summary>True when the text still holds a raw control character a terminal would act on.</summary>
        public static bool HasRawControl(string s) =>
            s != null && s.Any(c => (c < 0x20 && c != '\n' && c != '\t') || c == 0x7F || (c >= 0x80 && c <= 0x9F) || (c >= '\u202A' && c <= '\u202E'));
    }
}
