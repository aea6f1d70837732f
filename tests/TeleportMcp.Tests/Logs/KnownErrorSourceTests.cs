using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.Logs
{
    /// <summary>
    /// Catalog entries against the texts the Teleport and client sources write, one row per source form. Lines are
    /// separated by '\n'; a row lists the findings in order (id@line), and optionally a text the first finding's cause
    /// must hold and one it must not.
    /// </summary>
    public class KnownErrorSourceTests
    {
        private static List<Finding> Scan(string text)
        {
            var found = new List<Finding>();
            var scanner = new LogScanner(KnownErrorCatalog.Embedded, "pipeline", found.Add);
            foreach (var line in text.Split('\n')) scanner.FeedLine(line);
            scanner.Flush();
            return found;
        }

        private const string Report = "\nERROR REPORT:\nOriginal Error: ";
        private const string Stack = "\nStack Trace:\n\truntime/asm_amd64.s:1700 runtime.goexit\nUser Message: ";
        private const string Forwarding = "2025-11-03T09:00:01.529Z ERRO [MCP]       Error forwarding request method:POST url:/mcp error:[dial tcp 10.0.8.20:3000: connect: connection refused] app:grafana app_uri:mcp+http://10.0.8.20:3000/mcp user:alice reverseproxy/reverse_proxy.go:240";
        private const string ProxyFailed = "2025-11-03T09:00:01.530Z WARN [MCP]       Failed to proxy MCP request method:POST path:/mcp status_code:502 error:[dial tcp 10.0.8.20:3000: connect: connection refused] app:grafana user:alice mcp/http.go:301";

        [Fact]
        public void A_failure_logged_twice_is_one_finding_with_both_lines_in_order()
        {
            var found = Scan(Forwarding + "\n" + ProxyFailed);
            var f = Assert.Single(found);
            int first = f.Evidence.IndexOf("Error forwarding request", StringComparison.Ordinal);
            int second = f.Evidence.IndexOf("Failed to proxy MCP request", StringComparison.Ordinal);
            Assert.True(first >= 0 && second > first, f.Evidence);
        }

        // lib/utils/cli.go FatalError with debug logging on prints trace.DebugReport bare on tsh's stderr (no log stamp, no
        // client prefix): the header heads a tsh record and the lines below it are read with it.
        [Theory]
        [InlineData("ERROR REPORT:\nOriginal Error: *trace.ConnectionProblemError failed to dial: dial tcp 10.0.0.1:3080: connect: connection refused\nStack Trace:\n\tgithub.com/gravitational/teleport/api/client/proxy/client.go:282 github.com/gravitational/teleport/api/client/proxy.NewClient\n\truntime/asm_amd64.s:1700 runtime.goexit\nUser Message: dial tcp 10.0.0.1:3080: connect: connection refused", "TMCP-LOG-191", "Original Error: *trace.ConnectionProblemError")]
        [InlineData("Sep 30 10:00:00 laptop tsh[812]: ERROR REPORT:\nSep 30 10:00:00 laptop tsh[812]: Original Error: *net.OpError dial tcp: lookup proxy.example.com on 127.0.0.53:53: no such host\nSep 30 10:00:00 laptop tsh[812]: User Message: dial tcp: lookup proxy.example.com on 127.0.0.53:53: no such host", "TMCP-LOG-191", "no such host")]
        // A report of another error is read whole too, and names nothing it does not hold.
        [InlineData("ERROR REPORT:\nOriginal Error: *trace.BadParameterError unknown flag\nStack Trace:\n\truntime/asm_amd64.s:1700 runtime.goexit\nUser Message: unknown flag", null, null)]
        public void A_bare_tsh_debug_report_is_one_record(string text, string id, string evidence)
        {
            var found = Scan(text);
            if (id == null)
            {
                Assert.DoesNotContain(found, f => f.Id == "TMCP-LOG-191");
                return;
            }
            var f = Assert.Single(found, x => x.Id == id);
            Assert.Equal(1, f.LineNumber);
            Assert.Contains(evidence, f.Evidence, StringComparison.Ordinal);
        }

        private const string AppWarn = "2025-09-30T10:00:00.125Z WARN [APP:SERVI] Failed to handle client connection. error:[";

        [Theory]
        // lib/utils/log/handle_state.go appendAttr: a trace.Error is written "[" + DebugReport() + "]", and trace's
        // DebugReport goes through html/template (trace.go reportTemplate), so Go's exec: %q: executable file not found in $PATH
        // (lib/srv/mcp/stdio.go execServer.run) reads exec: &#34;npx&#34;: ... in a text log.
        [InlineData(AppWarn + Report + "*exec.Error exec: &#34;npx&#34;: executable file not found in $PATH" + Stack + "exec: &#34;npx&#34;: executable file not found in $PATH] app/connections_handler.go:301", "TMCP-LOG-003@1", "'npx' is a bare name", null)]
        [InlineData(AppWarn + Report + "*exec.Error exec: \"npx\": executable file not found in $PATH" + Stack + "exec: \"npx\": executable file not found in $PATH] app/connections_handler.go:301", "TMCP-LOG-003@1", "'npx' is a bare name", null)]
        // lib/utils/log/slog_json_handler.go ReplaceAttr: a JSON log writes err.Error(), unescaped.
        [InlineData("{\"timestamp\":\"2025-09-30T10:00:00Z\",\"level\":\"warning\",\"caller\":\"app/connections_handler.go:301\",\"message\":\"Failed to handle client connection.\",\"component\":\"app:service\",\"error\":\"exec: \\\"npx\\\": executable file not found in $PATH\"}", "TMCP-LOG-003@1", "'npx' is a bare name", null)]
        // lib/srv/mcp/stdio.go execServer.run returns cmd.Wait()'s *exec.ExitError; a JSON log writes only its text, so the
        // cause names the error by its text and says where its type shows (a text log's error report).
        [InlineData("{\"timestamp\":\"2025-09-30T11:03:01Z\",\"level\":\"warning\",\"caller\":\"app/connections_handler.go:315\",\"message\":\"Failed to handle client connection.\",\"component\":\"app:service\",\"error\":\"exit status 127\"}", "TMCP-LOG-001@1", "Go's exec.ExitError 'exit status 127'", "(Original Error *exec.ExitError)")]
        [InlineData(AppWarn + Report + "*exec.ExitError exit status 2" + Stack + "] app/connections_handler.go:315", "TMCP-LOG-001@1", "exited with status 2", "DEBUG/TRACE")]
        // execServer.run also returns an *exec.ExitError for a server a signal ended (all but SIGINT, isOKExitError): Go's
        // ProcessState.String "signal: " + syscall.Signal.String(), " (core dumped)" after it, "signal 34" for a nameless one.
        [InlineData(AppWarn + Report + "*exec.ExitError signal: killed" + Stack + "\n] app/connections_handler.go:315", "TMCP-LOG-157@1", "signal 'killed' ended it", "exited with status")]
        [InlineData("{\"timestamp\":\"2025-09-30T11:03:01Z\",\"level\":\"warning\",\"caller\":\"app/connections_handler.go:315\",\"message\":\"Failed to handle client connection.\",\"component\":\"app:service\",\"error\":\"signal: terminated\"}", "TMCP-LOG-157@1", "signal 'terminated' ended it", null)]
        [InlineData("2025-09-30T10:00:00.125Z WARN [APP:SERVI] Failed to handle client connection. error:\"[signal: aborted (core dumped)]\" app/connections_handler.go:315", "TMCP-LOG-157@1", "signal 'aborted' ended it (Go's exec.ExitError 'signal: aborted (core dumped)',", null)]
        [InlineData("{\"timestamp\":\"2025-09-30T11:03:01Z\",\"level\":\"warning\",\"caller\":\"app/connections_handler.go:315\",\"message\":\"Failed to handle client connection.\",\"component\":\"app:service\",\"error\":\"signal: trace/breakpoint trap\"}", "TMCP-LOG-157@1", "signal 'trace/breakpoint trap' ended it", null)]
        [InlineData("{\"timestamp\":\"2025-09-30T11:03:01Z\",\"level\":\"warning\",\"caller\":\"app/connections_handler.go:315\",\"message\":\"Failed to handle client connection.\",\"component\":\"app:service\",\"error\":\"signal: signal 34\"}", "TMCP-LOG-157@1", "signal 'signal 34' ended it", null)]
        // run's own DEBUG line "Command exited" is no failure by itself (SIGINT there is Teleport's graceful stop).
        [InlineData("2025-09-30T10:09:42.810Z DEBU [MCP]       Command exited error:[signal: killed] exit:-1 app:search user:dave mcp/stdio.go:131", "", null, null)]
        // cmd.Start's execve refused with EACCES: os.StartProcess's *fs.PathError "fork/exec <path>: permission denied".
        [InlineData(AppWarn + Report + "*fs.PathError fork/exec /opt/mcp/server.py: permission denied" + Stack + "fork/exec /opt/mcp/server.py: permission denied] app/connections_handler.go:315", "TMCP-LOG-158@1", "tried to start /opt/mcp/server.py with the credentials", null)]
        [InlineData("{\"timestamp\":\"2025-09-30T11:03:01Z\",\"level\":\"warning\",\"caller\":\"app/connections_handler.go:315\",\"message\":\"Failed to handle client connection.\",\"component\":\"app:service\",\"error\":\"fork/exec ./bin/server: permission denied\"}", "TMCP-LOG-158@1", "tried to start ./bin/server", null)]
        // Another service's fork/exec (an SSH session's shell) is not an MCP server's.
        [InlineData("2026-05-11T08:12:00.000Z WARN [NODE]      Failed to launch shell error:\"[fork/exec /bin/zsh: permission denied]\" srv/sess.go:1200", "", null, null)]
        // tsh mcp connect starts no program; the same Go text from tsh is tsh db connect without psql (utils.FatalError "ERROR: %v").
        [InlineData("ERROR: exec: \"psql\": executable file not found in $PATH", "", null, null)]
        // lib/client/mcp.go MCPServerDialer.fetchAppLocked NotFound("MCP server %q not found"), logged by lib/client/mcp/reconnect.go
        // OnRequest WarnContext("failed to write request to server", "error", writeError).
        [InlineData("WARN [MCP:AUTOR] failed to write request to server error:[" + Report + "*trace.NotFoundError MCP server &#34;files&#34; not found" + Stack + "MCP server &#34;files&#34; not found] mcp/reconnect.go:152", "TMCP-LOG-020@1", null, null)]
        // tool/tsh/common/mcp_app.go @08222fe9 mcpConfigCommand.fetch: NotFound("no MCP servers found") when the selector matched no app.
        [InlineData("\x1b[31mERROR: \x1b[0mno MCP servers found", "TMCP-LOG-020@1", "From tsh mcp config the same text means that no MCP app the user may see matched", null)]
        // BadParameter("app %q is not a MCP server") and CompareFailed("MCP server %q URI changed, restart the connection").
        [InlineData("WARN [MCP:AUTOR] failed to write request to server error:[" + Report + "*trace.BadParameterError app &#34;grafana-web&#34; is not a MCP server" + Stack + "app &#34;grafana-web&#34; is not a MCP server] mcp/reconnect.go:152", "TMCP-LOG-021@1", "tsh mcp connect grafana-web", null)]
        [InlineData("WARN [MCP:AUTOR] failed to write request to server error:[" + Report + "*trace.CompareFailedError MCP server &#34;files&#34; URI changed, restart the connection" + Stack + "MCP server &#34;files&#34; URI changed, restart the connection] mcp/reconnect.go:152", "TMCP-LOG-142@1", "looked files up again", null)]
        // reconnect.go OnRequest: mcp.NewJSONRPCError(id, INTERNAL_ERROR, userMessage, writeError); trace's TraceErr.MarshalJSON
        // makes the data {"error":{"message":"<Error()>"}} under tool/tsh/common/mcp_app.go's [MCP_REQUEST_FAILED] text.
        [InlineData("2025-09-30T10:00:05.002Z [teleport-mcp-files] [info] Message from server: {\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32603,\"message\":\"[MCP_REQUEST_FAILED] tsh could not complete the request to MCP server \\\"files\\\". Check the tsh MCP logs for the underlying error.\",\"data\":{\"error\":{\"message\":\"MCP server \\\"files\\\" not found\"}}}} { metadata: undefined }", "TMCP-LOG-020@1", "app_server heartbeats", null)]
        // lib/httplib/reverseproxy/reverse_proxy.go roundTripperWithLogger: ErrorContext("Error forwarding request", "method", "url",
        // "error") on the MCP session's logger (lib/srv/mcp/http.go handleStreamableHTTP WithLogger(session.logger); component
        // mcp, lib/srv/mcp/server.go makeSessionHandler adds app and app_uri); http.go @7084a74c logs nothing else for it.
        [InlineData("2025-09-30T10:00:00.125Z ERRO [MCP]       Error forwarding request method:POST url:http://10.0.0.5:8080/mcp error:[dial tcp 10.0.0.5:8080: connect: connection refused] app:files app_uri:mcp+http://10.0.0.5:8080/mcp user:alice reverseproxy/reverse_proxy.go:240", "TMCP-LOG-171@1", "could not complete POST http://10.0.0.5:8080/mcp to the upstream MCP server of files (dial tcp 10.0.0.5:8080: connect: connection refused)", null)]
        [InlineData("{\"timestamp\":\"2025-09-30T11:03:01Z\",\"level\":\"error\",\"caller\":\"reverseproxy/reverse_proxy.go:240\",\"message\":\"Error forwarding request\",\"component\":\"mcp\",\"app\":\"github\",\"app_uri\":\"mcp+https://mcp.internal/mcp\",\"method\":\"GET\",\"url\":\"https://mcp.internal/mcp\",\"error\":\"tls: failed to verify certificate: x509: certificate signed by unknown authority\"}", "TMCP-LOG-171@1", "(tls: failed to verify certificate: x509: certificate signed by unknown authority)", null)]
        // The same reverse proxy under an HTTP app (component app:service) is no MCP server's.
        [InlineData("{\"timestamp\":\"2025-09-30T11:03:01Z\",\"level\":\"error\",\"message\":\"Error forwarding request\",\"component\":\"app:service\",\"method\":\"GET\",\"url\":\"http://grafana:3000/\",\"error\":\"dial tcp 10.0.0.9:3000: connect: connection refused\"}", "", null, null)]
        // tool/tsh/common/tsh.go @002ee5fe loadClientConfigFromCLIConf: fmt.Printf("WARNING: Failed to load tsh profile for %q: %v\n")
        // on stdout, as a terminal or a log that keeps tsh's output shows it, and JSON-escaped where a client logs the line.
        [InlineData("WARNING: Failed to load tsh profile for \"\": unable to parse mfa mode in user profile: bogus.", "TMCP-LOG-170@1", "could not load it (unable to parse mfa mode in user profile: bogus.)", null)]
        [InlineData("{\"level\":\"error\",\"line\":\"WARNING: Failed to load tsh profile for \\\"teleport.example.com\\\": permission denied\\n\"}", "TMCP-LOG-170@1", "could not load it (permission denied)", null)]
        // Older tsh's makeClient warned of an expired identity file on stderr (fmt.Fprintf(os.Stderr, "WARNING: the certificate has
        // expired on %v\n")): no profile that failed to load.
        [InlineData("WARNING: the certificate has expired on 2025-09-30 10:00:00 +0000 UTC", "", null, null)]
        // lib/client/api.go @0003e544 NewClient: BadParameter("No proxy address specified, missed --proxy flag?") when no profile
        // was loaded (tool/tsh/common/tsh.go @002ee5fe loadClientConfigFromCLIConf: LoadProfile's NotFound, e.g. api/profile
        // "current-profile is not set", is ignored) and neither --proxy nor TELEPORT_PROXY is set. tsh mcp connect logs at
        // debug by default, so lib/utils/cli.go FatalError writes trace.DebugReport; with TELEPORT_DEBUG=false it writes "ERROR: ".
        [InlineData("2025-09-30T10:00:01.000Z [teleport-mcp-files] [error] " + "ERROR REPORT:\nOriginal Error: *trace.BadParameterError No proxy address specified, missed --proxy flag?" + Stack + "No proxy address specified, missed --proxy flag?", "TMCP-LOG-160@1", "no profile", "Not logged in")]
        [InlineData("\x1b[31mERROR: \x1b[0mNo proxy address specified, missed --proxy flag?", "TMCP-LOG-160@1", "current-profile", null)]
        // reconnect.go OnClose: "Lost server connection, resetting..." (older), "Lost server session, resetting..." and, when
        // !canRetryLocked(), "Lost server session, closing..." with r.ClientStdio.Close().
        [InlineData("INFO [MCP:AUTOR] Lost server connection, resetting... mcp/reconnect.go:240", "TMCP-LOG-026@1", "auto-reconnect", null)]
        [InlineData("INFO [MCP:AUTOR] Lost server session, resetting... mcp/reconnect.go:283", "TMCP-LOG-026@1", "auto-reconnect", null)]
        [InlineData("INFO [MCP:AUTOR] Lost server session, closing... mcp/reconnect.go:285", "TMCP-LOG-148@1", "--no-auto-reconnect", null)]
        // lib/srv/app/connections_handler.go HandleConnection WarnContext("Failed to handle client connection.", "error", err)
        // is written for every app kind; a TCP app's dial error (lib/srv/app/tcpserver.go) is not an MCP server's.
        [InlineData(AppWarn + Report + "*net.OpError dial tcp 10.0.0.12:5432: connect: connection refused\nStack Trace:\n\tgithub.com/gravitational/teleport/lib/srv/app/tcpserver.go:118 github.com/gravitational/teleport/lib/srv/app.(*tcpServer).handleConnection\nUser Message: dial tcp 10.0.0.12:5432: connect: connection refused] app/connections_handler.go:301", "TMCP-LOG-004@1", "does not show that the app is an MCP", null)]
        // lib/srv/db/proxyserver.go ErrorContext("Failed to handle client connection.", "db_type", dbName) and lib/srv/alpnproxy
        // proxy.go Warnf("Failed to handle client connection.") are other services.
        [InlineData("2025-09-30T10:00:00.125Z ERRO [DB:PROXY]  Failed to handle client connection. db_type:postgres db/proxyserver.go:281", "", null, null)]
        [InlineData("2025-09-30T10:00:00.125Z WARN [ALPN:PROX] Failed to handle client connection. error:[" + Report + "*net.OpError dial tcp 10.0.0.7:3025: connect: connection refused" + Stack + "dial tcp 10.0.0.7:3025: connect: connection refused] alpnproxy/proxy.go:341", "", null, null)]
        [InlineData("2025-09-30T10:00:00.125Z WARN [ALPN:PROX] Failed to handle client connection. error:[" + Report + "*tls.CertificateVerificationError tls: failed to verify certificate: x509: certificate signed by unknown authority" + Stack + "tls: failed to verify certificate: x509: certificate signed by unknown authority] alpnproxy/proxy.go:341", "", null, null)]
        // lib/srv/mcp/http.go: the streamable HTTP proxy's own line, "Failed to proxy MCP request", with a bare dial error.
        [InlineData("2025-11-03T09:00:01.530Z WARN [MCP]       Failed to proxy MCP request method:POST path:/mcp status_code:502 error:[dial tcp 10.0.8.20:3000: connect: connection refused] app:grafana user:alice mcp/http.go:301", "TMCP-LOG-102@1", "(dial tcp 10.0.8.20:3000: connect: connection refused)", null)]
        // Go net.OpError.Error writes " " + Addr only when there is one: a name that does not resolve fails before a dial
        // ("dial tcp: lookup ..."); EHOSTUNREACH is "no route to host". Text (a plain error quoted "[...]") and JSON forms.
        [InlineData("2025-11-03T09:03:00.530Z WARN [MCP]       Failed to proxy MCP request client_ip:10.0.4.17:51234 app:grafana user:alice method:POST path:/mcp status_code:502 error:\"[dial tcp: lookup mcp.internal on 127.0.0.53:53: no such host]\" mcp/http.go:301", "TMCP-LOG-102@1", "(dial tcp: lookup mcp.internal on 127.0.0.53:53: no such host)", null)]
        [InlineData("{\"timestamp\":\"2025-11-03T09:03:00Z\",\"level\":\"warning\",\"caller\":\"mcp/http.go:301\",\"message\":\"Failed to proxy MCP request\",\"component\":\"mcp\",\"app\":\"grafana\",\"user\":\"alice\",\"method\":\"POST\",\"path\":\"/mcp\",\"status_code\":502,\"error\":\"dial tcp: lookup mcp.internal on 127.0.0.53:53: no such host\"}", "TMCP-LOG-102@1", "(dial tcp: lookup mcp.internal on 127.0.0.53:53: no such host)", null)]
        [InlineData("2025-11-03T09:03:10.530Z WARN [MCP]       Failed to proxy MCP request client_ip:10.0.4.17:51234 app:grafana user:alice method:POST path:/mcp status_code:502 error:\"[dial tcp 10.0.8.20:3000: connect: no route to host]\" mcp/http.go:301", "TMCP-LOG-102@1", "(dial tcp 10.0.8.20:3000: connect: no route to host)", null)]
        [InlineData("{\"timestamp\":\"2025-11-03T09:03:10Z\",\"level\":\"warning\",\"caller\":\"mcp/http.go:301\",\"message\":\"Failed to proxy MCP request\",\"component\":\"mcp\",\"app\":\"grafana\",\"user\":\"alice\",\"method\":\"POST\",\"path\":\"/mcp\",\"status_code\":502,\"error\":\"dial tcp 10.0.8.20:3000: connect: no route to host\"}", "TMCP-LOG-102@1", "(dial tcp 10.0.8.20:3000: connect: no route to host)", null)]
        // A TCP app's upstream that does not resolve, after the App Service's generic line, is not an MCP server's.
        [InlineData(AppWarn + Report + "*net.OpError dial tcp: lookup db.internal on 127.0.0.53:53: no such host" + Stack + "dial tcp: lookup db.internal on 127.0.0.53:53: no such host] app/connections_handler.go:301", "TMCP-LOG-004@1", null, null)]
        // lib/services/role.go applyValueTraitsSlice DebugContext("Skipping trait value.", "field", fieldName, "value", value, "error", err):
        // fieldName is the role list's ("login", "kube group", ...); MCP tools are field mcp.tools (teleport-mcp.md I9).
        [InlineData("2025-09-30T10:00:00.125Z DEBU             Skipping trait value. field:login value:\"{{external.unix_login | bad}}\" error:[" + Report + "*trace.BadParameterError failed to parse template" + Stack + "failed to parse template] services/role.go:612", "", null, null)]
        [InlineData("2025-09-30T10:00:00.125Z DEBU             Skipping trait value. field:\"kube group\" value:{{internal.foo}} error:[unsupported variable] services/role.go:612", "", null, null)]
        [InlineData("2025-09-30T10:06:30.550Z DEBU [RBAC]      Skipping trait value. field:mcp.tools value:{{internal.mcp_tool}} error:[unsupported variable] services/role.go:512", "TMCP-LOG-006@1", "field mcp.tools", null)]
        // connections_handler.go authorizeContext WarnContext("Access denied to application.", "app", app.GetName(), "error", err)
        // for every app kind; ErrTrustedDeviceRequired returns before it.
        [InlineData("2025-09-30T10:00:00.125Z WARN [APP:SERVI] Access denied to application. app:grafana error:[access to app denied] app/connections_handler.go:548", "TMCP-LOG-005@1", "every app kind", "trusted device")]
        // V8 JSON.parse (src/common/message-template.h): JsonParseUnexpectedTokenStartStringWithContext, ...ShortString,
        // JsonParseUnexpectedNonWhiteSpaceCharacter; Node 18 (V8 10.2) JsonParseUnexpectedToken "Unexpected token % in JSON at position %".
        [InlineData("2025-09-30T10:01:03.000Z [error] [teleport-mcp-files] Unexpected token 'T', \"Teleport v\"... is not valid JSON { metadata: undefined }", "TMCP-LOG-046@1", "stdout pollution", null)]
        [InlineData("2025-09-30T10:01:03.000Z [error] [teleport-mcp-files] Unexpected token 'B', \"Bad string\" is not valid JSON { metadata: undefined }", "TMCP-LOG-046@1", null, null)]
        [InlineData("2025-09-30T10:01:03.000Z [error] [teleport-mcp-files] Unexpected token 'x', ...\"ers\":[]}\\nxyz\" is not valid JSON { metadata: undefined }", "TMCP-LOG-046@1", null, null)]
        [InlineData("2025-09-30T10:01:03.000Z [error] [teleport-mcp-files] Unexpected non-whitespace character after JSON at position 4 { metadata: undefined }", "TMCP-LOG-046@1", null, null)]
        [InlineData("2025-09-30T10:01:03.000Z [error] [teleport-mcp-files] Unexpected token T in JSON at position 0 { metadata: undefined }", "TMCP-LOG-046@1", null, null)]
        // A tool's own result text is no client parser error.
        [InlineData("2025-09-30T10:00:05.002Z [teleport-mcp-db] [info] Message from server: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"Error: parameter 'filter' is not valid JSON\"}],\"isError\":true}} { metadata: undefined }", "", null, null)]
        [InlineData("2025-09-30T10:01:03.000Z [error] [teleport-mcp-files] \"undefined\" is not valid JSON { metadata: undefined }", "", null, null)]
        // lib/utils/mcputils/http.go httpSSEResponseReplacer.Read WarnContext("non-MCP event received, ...", "error", err) for sse.go
        // ReadMessage's BadParameter("unexpected event type %s"); a plain error is written "[%v]" and quoted in a text log.
        [InlineData("2025-09-30T10:00:00.125Z WARN             non-MCP event received, this can indicate a protocol that is currently not supported by Teleport or a malfunction on the MCP server error:\"[unexpected event type ping]\" mcputils/http.go:158", "TMCP-LOG-110@1", "'event:' field is not 'message' (here: ping)", "JSON-RPC")]
        [InlineData("{\"timestamp\":\"2025-09-30T10:00:01Z\",\"level\":\"warning\",\"caller\":\"mcputils/http.go:158\",\"component\":\"mcp\",\"message\":\"non-MCP event received, this can indicate a protocol that is currently not supported by Teleport or a malfunction on the MCP server\",\"error\":\"unexpected event type ping\"}", "TMCP-LOG-110@1", "(here: ping)", null)]
        // tool/tsh/common/mcp_app.go makeMCPReconnectUserMessage (older tsh): network, then relogin, then server changed, then this default.
        [InlineData("2025-10-02T07:44:00.500Z [teleport-mcp-files] [info] Message from server: {\"jsonrpc\":\"2.0\",\"id\":14,\"error\":{\"code\":-32603,\"message\":\"An error was encountered while sending the request to Teleport. This does not appear to be a transient error.\"}} { metadata: undefined }", "TMCP-LOG-025@1", "TMCP-LOG-023", "refused connection")]
        // lib/client/mcp/reconnect.go checkReplyResponseLocked compares newResult.ServerInfo (name, version) only.
        [InlineData("2025-10-02T07:45:00.500Z [teleport-mcp-files] [info] Message from server: {\"jsonrpc\":\"2.0\",\"id\":15,\"error\":{\"code\":-32603,\"message\":\"The remote MCP server information has changed after the reconnection.  Please restart your MCP client to use the new version.\"}} { metadata: undefined }", "TMCP-LOG-024@1", "name or version", "capabilities")]
        // mcp_app.go makeMCPReconnectUserMessageWithAuthDetail takes the HTTPServerError case (origin upstream-unreachable:
        // [MCP_UPSTREAM_UNREACHABLE]) before the timeout case; makeMCPTimeoutUserMessage sees a 504 only without the origin.
        [InlineData("2025-11-03T09:00:12.100Z [teleport-mcp-grafana] [info] Message from server: {\"jsonrpc\":\"2.0\",\"id\":12,\"error\":{\"code\":-32603,\"message\":\"[MCP_CONNECTION_TIMEOUT] The request to MCP server \\\"grafana\\\" timed out before a response arrived.\"}} { metadata: undefined }", "TMCP-LOG-129@1", "504 without Teleport's origin header", "a 504 from the App Service")]
        // lib/utils/mcputils/event.go scanEvents: the go-sdk copy's bufio.Scanner of 1 MiB ("event exceeded max line length of %d",
        // the text of teleport issue #67000, under httputil.ReverseProxy's "read error during body copy"), and since PR #67931
        // readSSEEventLine's bufio.ErrTooLong wrapped "error reading event: %w"; SSEResponseReader wraps "reading SSE server message".
        [InlineData("2026-05-22T10:00:00.125Z ERROR [APP:SERVI] httputil: ReverseProxy read error during body copy: reading SSE server message\n\tevent exceeded max line length of 1048576", "TMCP-LOG-159@1", "('event exceeded max line length of 1048576')", null)]
        [InlineData("{\"timestamp\":\"2026-07-01T10:00:00Z\",\"level\":\"error\",\"message\":\"httputil: ReverseProxy read error during body copy: reading SSE server message\\n\\terror reading event: bufio.Scanner: token too long\"}", "TMCP-LOG-159@1", "('error reading event: bufio.Scanner: token too long')", null)]
        // Go's bare bufio.ErrTooLong is any program's scanner: no finding.
        [InlineData("2026-07-01T10:00:00.000Z ERROR [PROXY] reading stream: bufio.Scanner: token too long", "", null, null)]
        // lib/client/api.go @0003e544 RetryWithRelogin: a NonInteractive client (tsh mcp connect) gets trace.Wrap(fnErr, "cannot
        // relogin in non-interactive session"); gravitational/trace TraceErr.UserMessage prints the message, then the cause a tab
        // deeper; lib/utils/cli.go @0082cf8b FatalError writes "ERROR: " (red) before it.
        [InlineData("\x1b[31mERROR: \x1b[0mcannot relogin in non-interactive session\n\tremote error: tls: expired certificate", "TMCP-LOG-190@1", "failed with 'remote error: tls: expired certificate'", null)]
        [InlineData("{\"level\":\"error\",\"line\":\"ERROR: cannot relogin in non-interactive session\\n\\tssh: handshake failed: ssh: cert has expired\\n\"}", "TMCP-LOG-190@1", "failed with 'ssh: handshake failed: ssh: cert has expired'", null)]
        // The same wrap around a network error: the dial error is the failure (TMCP-LOG-191 replaces TMCP-LOG-190).
        [InlineData("ERROR: cannot relogin in non-interactive session\n\tdial tcp 203.0.113.7:443: connect: connection refused", "TMCP-LOG-191@1", "(dial tcp 203.0.113.7:443: connect: connection refused)", null)]
        // Near miss: a tool's own "relogin" wording is not tsh's guard.
        [InlineData("ERROR: cannot relogin: session is interactive", "", null, null)]
        // Go net.OpError / net.DNSError texts inside tsh's fatal error (tsh mcp ls: client.RetryWithRelogin around
        // tc.ConnectToCluster; a network error is not retried); the DebugReport form (tsh logging at debug, FatalError) as an MCP
        // client's log holds tsh's stderr.
        [InlineData("\x1b[31mERROR: \x1b[0mdial tcp: lookup teleport.example.com on 127.0.0.53:53: no such host", "TMCP-LOG-191@1", "the proxy's name teleport.example.com does not resolve", null)]
        [InlineData("ERROR: Get \"https://teleport.example.com:443/webapi/find\": dial tcp 203.0.113.7:443: i/o timeout", "TMCP-LOG-191@1", "nothing listens at 203.0.113.7:443", null)]
        [InlineData("2025-09-30T10:00:01.000Z [teleport-mcp-files] [error] ERROR REPORT:\nOriginal Error: *net.OpError dial tcp 203.0.113.7:3080: connect: no route to host\nStack Trace:\n\truntime/asm_amd64.s:1700 runtime.goexit\nUser Message: dial tcp 203.0.113.7:3080: connect: no route to host", "TMCP-LOG-191@1", "(dial tcp 203.0.113.7:3080: connect: no route to host)", null)]
        // api/client/proxy/client.go @00742144 newGRPCClient and lib/client/api.go ConnectToCluster add no text of their own;
        // gRPC's own wording around the dial error (if the first RPC reports it) is read the same.
        [InlineData("ERROR: rpc error: code = Unavailable desc = connection error: desc = \"transport: Error while dialing: dial tcp 203.0.113.7:3080: connect: connection refused\"", "TMCP-LOG-191@1", "(dial tcp 203.0.113.7:3080: connect: connection refused)", null)]
        // What tsh prints: api/utils/grpc/interceptors GRPCClientUnaryErrorInterceptor (trail.FromGRPC) keeps the status
        // message only; grpc-go http2_client.go "transport: Error while dialing: %v" (older grpc-go without the colon).
        [InlineData("ERROR: cannot relogin in non-interactive session\n\tconnection error: desc = \"transport: Error while dialing: dial tcp 203.0.113.7:443: connect: connection refused\"", "TMCP-LOG-191@1", "(dial tcp 203.0.113.7:443: connect: connection refused)", null)]
        [InlineData("ERROR: connection error: desc = \"transport: Error while dialing dial tcp: lookup teleport.example.com on 127.0.0.53:53: no such host\"", "TMCP-LOG-191@1", "the proxy's name teleport.example.com does not resolve", null)]
        // grpc-go "transport: authentication handshake failed: %v" around crypto/x509's text: the certificate that answered
        // for the Proxy is not the cluster's (formatCertError cannot see the x509 type through gRPC).
        [InlineData("\x1b[31mERROR: \x1b[0mconnection error: desc = \"transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate signed by unknown authority\"", "TMCP-LOG-214@1", "failed verification (tls: failed to verify certificate: x509: certificate signed by unknown authority)", null)]
        [InlineData("ERROR: cannot relogin in non-interactive session\n\trpc error: code = Unavailable desc = connection error: desc = \"transport: authentication handshake failed: x509: certificate is valid for proxy.internal, not teleport.example.com\"", "TMCP-LOG-214@1", "(x509: certificate is valid for proxy.internal, not teleport.example.com)", null)]
        // The Proxy's TLS alert for tsh's certificate: in the handshake (TLS 1.2) or with the server preface (TLS 1.3).
        [InlineData("ERROR: connection error: desc = \"error reading server preface: remote error: tls: expired certificate\"", "TMCP-LOG-215@1", "refused the certificate of tsh's profile (remote error: tls: expired certificate)", null)]
        [InlineData("ERROR: cannot relogin in non-interactive session\n\tconnection error: desc = \"transport: authentication handshake failed: remote error: tls: bad certificate\"", "TMCP-LOG-215@1", "(remote error: tls: bad certificate)", null)]
        [InlineData("{\"level\":\"error\",\"line\":\"ERROR: connection error: desc = \\\"transport: authentication handshake failed: remote error: tls: unknown certificate authority\\\"\\n\"}", "TMCP-LOG-215@1", "(remote error: tls: unknown certificate authority)", null)]
        // Other handshake failures keep gRPC's stage and the inner text (TMCP-LOG-216).
        [InlineData("ERROR: connection error: desc = \"transport: authentication handshake failed: EOF\"", "TMCP-LOG-216@1", "(transport: authentication handshake failed: EOF)", null)]
        [InlineData("ERROR: cannot relogin in non-interactive session\n\tconnection error: desc = \"transport: authentication handshake failed: tls: failed to sign handshake: connecting to pcsc: the Smart card resource manager is not running\"", "TMCP-LOG-216@1", "(transport: authentication handshake failed: tls: failed to sign handshake: connecting to pcsc: the Smart card resource manager is not running)", null)]
        [InlineData("ERROR: connection error: desc = \"error reading server preface: remote error: tls: handshake failure\"", "TMCP-LOG-216@1", "(error reading server preface: remote error: tls: handshake failure)", null)]
        // Near miss: gRPC's own log of the same failure is no tsh fatal error.
        [InlineData("2026-12-06T10:00:00.000Z WARN grpc: addrConn.createTransport failed to connect. Err: connection error: desc = \"transport: authentication handshake failed: EOF\"", "", null, null)]
        // Near miss: golang.org/x/crypto/ssh OpenChannelError ("ssh: rejected: connect failed (Connection refused)") is a node
        // refusing a forwarded port, not tsh failing to reach the proxy.
        [InlineData("ERROR: ssh: rejected: connect failed (Connection refused)", "", null, null)]
        // lib/utils/cli.go @0082cf8b formatCertError: fixed texts for x509.UnknownAuthorityError, HostnameError,
        // CertificateInvalidError and a HostnameError for *.teleport.cluster.local, printed after "ERROR: ".
        [InlineData("\x1b[31mERROR: \x1b[0mWARNING:\n\n  The proxy you are connecting to has presented a certificate signed by a\n  unknown authority. This is most likely due to either being presented\n  with a self-signed certificate or the certificate was truly signed by an\n  authority not known to the client.", "TMCP-LOG-192@1", "a CA this machine does not trust", null)]
        [InlineData("ERROR: Cannot establish https connection to 10.0.0.5:\nx509: certificate is valid for teleport.example.com, not 10.0.0.5\ntry a different hostname for --proxy or specify --insecure flag if you know what you're doing.", "TMCP-LOG-193@1", "does not name 10.0.0.5 (x509: certificate is valid for teleport.example.com, not 10.0.0.5)", null)]
        [InlineData("ERROR: WARNING:\n\n  The certificate presented by the proxy is invalid: x509: certificate has expired or is not yet valid: current time 2026-12-06T01:00:00Z is after 2026-12-01T00:00:00Z.\n\n  Contact your Teleport system administrator to resolve this issue.", "TMCP-LOG-194@1", "(x509: certificate has expired or is not yet valid: current time 2026-12-06T01:00:00Z is after 2026-12-01T00:00:00Z)", null)]
        [InlineData("ERROR: Cannot connect to the Auth service via the Teleport Proxy.\n\n  There might be one or more network intermediaries (like a proxy or VPN) that are modifying your connection before it\n\nDEBUG INFO:\n  Host: teleport.cluster.local\n", "TMCP-LOG-195@1", "for the Auth Service (teleport.cluster.local)", null)]
        // Near misses: the App Service's certificate error is TMCP-LOG-101's; a server refusing tsh's certificate is no proxy certificate.
        [InlineData("ERROR: remote error: tls: bad certificate", "", null, null)]
        [InlineData("ERROR: The proxy you are connecting to is down", "", null, null)]
        // tool/tsh/common/mcp_app.go @08222fe9 mcpConfigCommand.checkSelectorFlags.
        [InlineData("\x1b[31mERROR: \x1b[0mno selector specified. Please provide the MCP server name or use one of the following flags: --all, --labels, or --query.", "TMCP-LOG-196@1", "exactly one of", null)]
        [InlineData("ERROR: only one selector is allowed. Specify either the MCP server name or one of --all, --labels, or --query flags.", "TMCP-LOG-196@1", "(only one selector is allowed.)", null)]
        [InlineData("ERROR: no selector specified for the filter", "", null, null)]
        // api/client/errors.go @e983ba01 ErrClientCredentialsHaveExpired is an AccessDeniedError "access denied: client
        // credentials have expired, please relogin." (an expired login); TMCP-LOG-197 replaces TMCP-LOG-190 around it.
        [InlineData("\x1b[31mERROR: \x1b[0mcannot relogin in non-interactive session\n\taccess denied: client credentials have expired, please relogin.", "TMCP-LOG-197@1", "It is an expired login, not the user's roles", null)]
        [InlineData("2026-12-06T01:00:00.000Z [teleport-mcp-files] [error] ERROR: access denied: client credentials have expired, please relogin.", "TMCP-LOG-197@1", null, null)]
        // Returned by the Auth Service (lib/auth/auth_with_roles.go generateUserCerts, PR #38668) to a certificate request
        // made past the login's expiry; tsh mcp connect's debug report names the RPC error type it came back as.
        [InlineData("2026-12-06T10:00:01.000Z [teleport-mcp-files] [error] ERROR REPORT:\nOriginal Error: *interceptors.RemoteError access denied: client credentials have expired, please relogin.\nStack Trace:\n\truntime/asm_amd64.s:1700 runtime.goexit\nUser Message: cannot relogin in non-interactive session\n\taccess denied: client credentials have expired, please relogin.", "TMCP-LOG-197@1", "asks for a new app or database certificate", null)]
        // Any other access denied under the guard stays TMCP-LOG-190, read as the user's roles.
        [InlineData("ERROR: cannot relogin in non-interactive session\n\taccess denied to perform action \"list\" on \"app_server\"", "TMCP-LOG-190@1", "is the user's roles", null)]
        [InlineData("ERROR: access denied to perform action \"list\" on \"app_server\"", "", null, null)]
        // tool/tsh/common/mcp.go @01583d05 runMCPConfig "failed to load mcp configuration file at %q: %v" around
        // lib/client/mcp/config/config.go @35a46817 LoadConfigFromFile's "parsing config" / "reading mcp servers config".
        [InlineData("\x1b[31mERROR: \x1b[0mfailed to load mcp configuration file at \"/home/alice/.cursor/mcp.json\": parsing config\n\tinvalid character '/' looking for beginning of object key string", "TMCP-LOG-198@1", "could not use /home/alice/.cursor/mcp.json (parsing config)", null)]
        [InlineData("ERROR: failed to load mcp configuration file at \"C:\\\\Users\\\\alice\\\\.vscode\\\\mcp.json\": reading mcp servers config\n\topen C:\\Users\\alice\\.vscode\\mcp.json: Access is denied.", "TMCP-LOG-198@1", "(reading mcp servers config)", null)]
        // lib/client/mcp/config/claude.go @60f98694 DefaultClaudeConfigPath: NotImplemented on all but darwin and windows.
        [InlineData("ERROR: failed to load mcp configuration file at \"claude\": finding Claude Desktop config path\n\tClaude Desktop is not supported on OS linux", "TMCP-LOG-199@1", "on linux --client-config=claude has no file", null)]
        // lib/client/mcp/uri.go @1841457f ParseResourceURI; tool/tsh/common/mcp_db.go @0082cf8b mcpDBStartCommand.run.
        [InlineData("ERROR: invalid URI scheme, must be \"teleport\"", "TMCP-LOG-200@1", "(invalid URI scheme, must be \"teleport\")", null)]
        [InlineData("2026-12-06T01:00:00.000Z [teleport-databases] [error] ERROR: \"teleport://clusters/root/apps/grafana\" resource must be a database", "TMCP-LOG-200@1", "resource must be a database)", null)]
        [InlineData("ERROR: invalid URI scheme, must be \"https\"", "", null, null)]
        [InlineData("ERROR: Databases must be from the same cluster (\"root\"). \"teleport://clusters/leaf/databases/orders\" is from a different cluster.", "TMCP-LOG-201@1", "logged in to (root), and teleport://clusters/leaf/databases/orders names another one", null)]
        [InlineData("ERROR: Database \"app\" was configured twice. MCP servers only support serving a database service only once.", "TMCP-LOG-202@1", "('app') is the dbName parameter", null)]
        // Older tsh (mcp_db.go @6d9f0c72) quotes uri.String(), which uri.go @6d9f0c72 returns without the query: the database
        // service's URI, read as such and not as a dbName parameter (TMCP-LOG-213), raw or JSON-escaped.
        [InlineData("ERROR: Database \"teleport://clusters/root/databases/orders\" was configured twice. MCP servers only support serving a database service only once.", "TMCP-LOG-213@1", "name the database service teleport://clusters/root/databases/orders", "dbName parameter of the second URI")]
        [InlineData("{\"level\":\"error\",\"line\":\"ERROR: Database \\\"teleport://clusters/root/databases/orders\\\" was configured twice. MCP servers only support serving a database service only once.\\n\"}", "TMCP-LOG-213@1", "name the database service teleport://clusters/root/databases/orders", null)]
        // A newer tsh given URIs without dbName quotes the empty parameter.
        [InlineData("ERROR: Database \"\" was configured twice. MCP servers only support serving a database service only once.", "TMCP-LOG-202@1", "is the dbName parameter of the second URI", null)]
        // Near miss: without tsh's second sentence it is no tsh text.
        [InlineData("ERROR: Database \"teleport://clusters/root/databases/orders\" was configured twice.", "", null, null)]
        // mcp_db.go mcpDBConfigCommand.run and addDatabaseToConfig.
        [InlineData("ERROR: You must specify --db-user and --db-name flags used to connect to the database", "TMCP-LOG-203@1", null, null)]
        [InlineData("ERROR: resource \"teleport://clusters/root/apps/x\" on config is not a database", "TMCP-LOG-204@1", "(teleport://clusters/root/apps/x)", null)]
        // lib/client/db/mcp/errors.go: the texts tsh mcp db start answers a tool call with (the MCP client's log, JSON-escaped).
        [InlineData("2026-12-06T10:00:00.000Z [teleport-databases] [info] Message from server: {\"jsonrpc\":\"2.0\",\"id\":4,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"Teleport MCP server is having issue while\\nestablishing the database connection. You can verify the MCP logs for more\\ndetails on what is causing this issue.\"}],\"isError\":true}} { metadata: undefined }", "TMCP-LOG-205@1", null, null)]
        [InlineData("2026-12-06T10:00:00.000Z [teleport-databases] [info] Message from server: {\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"There are no active Teleport databases available\\nfor use on the MCP server.\"}],\"isError\":true}} { metadata: undefined }", "TMCP-LOG-206@1", null, null)]
        [InlineData("2026-12-06T10:00:00.000Z [teleport-databases] [info] Message from server: {\"jsonrpc\":\"2.0\",\"id\":6,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"Malformed database resource URI. Database resources must follow the format: \\\"teleport://clusters/example-cluster/databases/myDatabase\\\"\"}],\"isError\":true}} { metadata: undefined }", "TMCP-LOG-208@1", null, null)]
        [InlineData("2026-12-06T10:00:00.000Z [teleport-databases] [info] Message from server: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"Database not found. Only registered databases\\ncan be used.\"}],\"isError\":true}} { metadata: undefined }", "TMCP-LOG-209@1", null, null)]
        // mcp_db.go @0082cf8b prepareDatabases: INFO lines for each database it leaves out.
        [InlineData("2026-12-06T10:00:00.000Z INFO [MCP]       failed to retrieve database information database:orders error:[database \"orders\" not found] common/mcp_db.go:170", "TMCP-LOG-207@1", "left database orders out (failed to retrieve database information)", null)]
        [InlineData("2026-12-06T10:00:00.000Z INFO [MCP]       database protocol unsupported, skipping it database:catalog protocol:mongodb common/mcp_db.go:182", "TMCP-LOG-207@1", "left database catalog out", null)]
        // lib/client/mcp/reconnect.go @10d55262 OnNotification, replayInitializeLocked / checkReplyResponseLocked;
        // lib/client/mcp/errors.go @1c5883eb serverInfoChangedError (TMCP-LOG-024).
        [InlineData("2026-12-06T10:00:00.000Z WARN [MCP:AUTOR] failed to write notification to server. Notification is dropped. error:[mcp session finished] mcp/reconnect.go:120", "TMCP-LOG-210@1", null, null)]
        [InlineData("2026-12-06T10:00:00.000Z WARN [MCP:AUTOR] failed to write request to server error:[expected initialize result but got error] mcp/reconnect.go:152", "TMCP-LOG-211@1", "(expected initialize result but got error)", null)]
        [InlineData("2026-12-06T10:00:00.000Z WARN [MCP:AUTOR] failed to write request to server error:[server info has changed, expected {files 1.0.0}, got {files 1.1.0}] mcp/reconnect.go:152", "TMCP-LOG-024@1", null, null)]
        // lib/client/api.go generateClientConfig (index id 8067936).
        [InlineData("ERROR: no SSH auth methods loaded, are you logged in?", "TMCP-LOG-212@1", null, null)]
        // tool/tsh/common/mcp_login.go @03e80a0e mcpLoginCommand.run, getOAuthClientCredentials; mcp_logout.go @78eecfbe.
        [InlineData("\x1b[31mERROR: \x1b[0mtimed out waiting for the browser authorization to complete", "TMCP-LOG-217@1", "waited 3 minutes", null)]
        [InlineData("ERROR: authorization failed: access_denied: The user denied the request", "TMCP-LOG-218@1", "(access_denied: The user denied the request)", null)]
        // Without an error_description tsh's line ends in "access_denied: ", read trimmed.
        [InlineData("ERROR: authorization failed: access_denied: ", "TMCP-LOG-218@1", "(access_denied:)", null)]
        // Near miss: another program's "authorization failed" outside a tsh fatal error.
        [InlineData("2026-12-06T10:00:00.000Z INFO proxy: authorization failed: invalid_token: expired", "", null, null)]
        [InlineData("ERROR: --client-secret requires --client-id", "TMCP-LOG-219@1", "(--client-secret requires --client-id)", null)]
        [InlineData("ERROR: OAuth client secret is empty", "TMCP-LOG-219@1", "(OAuth client secret is empty)", null)]
        [InlineData("ERROR: no OAuth credentials stored for MCP server \"notion\"", "TMCP-LOG-220@1", "nothing to remove for notion", null)]
        // lib/client/mcp/oauth/ceremony.go @20d4fc88 RunLoginCeremony: AccessDenied("authorization failed: %s %s") (code, space,
        // description; an empty description leaves a trailing space) and NotImplemented for a provider without a registration
        // endpoint; its tsh mcp login caller (index id 56719250863): BadParameter("OAuth login applies only to HTTP MCP
        // servers; %q uses %q transport").
        [InlineData("ERROR: authorization failed: access_denied The user denied the request", "TMCP-LOG-218@1", "(access_denied The user denied the request)", null)]
        [InlineData("ERROR: authorization failed: invalid_scope ", "TMCP-LOG-218@1", "(invalid_scope)", null)]
        [InlineData("2026-12-07T10:00:00.000Z INFO proxy: authorization failed: invalid_token expired", "", null, null)]
        [InlineData("ERROR: OAuth login applies only to HTTP MCP servers; \"files\" uses \"stdio\" transport", "TMCP-LOG-153@1", "files is a stdio or SSE MCP server", null)]
        [InlineData("ERROR: OAuth login applies only to HTTP MCP servers; \"notion\" uses \"SSE\" transport", "TMCP-LOG-153@1", "notion is a stdio or SSE MCP server", null)]
        [InlineData("ERROR: this provider requires a pre-registered client (not yet supported): the authorization server does not offer dynamic client registration", "TMCP-LOG-266@1", "no way to use a client registered beforehand", null)]
        // The newest stored tsh mcp login (mcp_login.go, index id 68630900344) wrapMCPClientRegistrationError: the same provider
        // stays TMCP-LOG-152 (that tsh has --client-id); trace prints the wrap's lines, then the mcp-go error a tab deeper.
        [InlineData("ERROR: The MCP server's OAuth provider does not support dynamic client registration.\nRegister an OAuth client with the provider (or use a public client ID the\nprovider already publishes), then retry with the pre-registered client:\n\n  tsh mcp login linear --client-id <client-id> --callback-port <port>\n\nSet --callback-port so the redirect URI matches one registered for that client,\nand add --client-secret if the client is confidential.\n\tserver does not support dynamic client registration", "TMCP-LOG-152@1", null, "not yet supported")]
        // Same file: parseMCPOAuthDirectURL / validateMCPOAuthDirectURL under run's "failed to get server metadata";
        // wrapMCPClientRegistrationError for invalid_client_metadata; getMCPOAuthServerMetadata and checkMCPOAuthCallbackIssuer.
        [InlineData("ERROR: failed to get server metadata\n\tOAuth token endpoint uses a prohibited network address", "TMCP-LOG-268@1", "its token endpoint", null)]
        [InlineData("ERROR: failed to get server metadata\n\tOAuth issuer must be an absolute HTTPS URL", "TMCP-LOG-268@1", "(must be an absolute HTTPS URL)", null)]
        [InlineData("ERROR: OAuth authorization endpoint resolves to a prohibited network address", "TMCP-LOG-268@1", "its authorization endpoint", null)]
        [InlineData("ERROR: The client metadata sent by tsh is invalid for the MCP server's OAuth\nprovider. This indicates a dynamic client registration compatibility problem,\nnot a provider client allowlist rejection.\n\tregistration request failed\n\tOAuth error: invalid_client_metadata - redirect_uris must use https", "TMCP-LOG-269@1", "it is not refusing tsh as a client", null)]
        [InlineData("ERROR: failed to get server metadata\n\tOAuth authorization server metadata identifies issuer \"https://login.example.com/tenant\", but protected resource metadata advertised \"https://login.example.com\"", "TMCP-LOG-270@1", "(https://login.example.com), and got an answer naming another issuer (https://login.example.com/tenant)", null)]
        [InlineData("ERROR: authorization response came from issuer \"https://evil.example.com\", expected \"https://auth.example.com\"", "TMCP-LOG-270@1", "RFC 9207", null)]
        // Near misses of 218's code-space-description form (oauth/ceremony.go @20d4fc88, index id 56844748607): ordinary
        // "authorization failed: " lines, whose first word has no OAuth error code's shape (RFC 6749 4.1.2.1 / 5.2 codes are
        // lowercase words joined by underscores), are no provider's error redirect.
        [InlineData("ERROR:root:authorization failed: invalid credentials", "", null, null)]
        [InlineData("ERROR: login to https://registry.example.com failed: authorization failed: Incorrect user or password", "", null, null)]
        [InlineData("ERROR: authorization failed: user does not own this record", "", null, null)]
        // The real codes still are: OIDC's login_required, RFC 6749's temporarily_unavailable with an empty description.
        [InlineData("ERROR: authorization failed: login_required User must sign in", "TMCP-LOG-218@1", "(login_required User must sign in)", null)]
        [InlineData("ERROR: authorization failed: temporarily_unavailable ", "TMCP-LOG-218@1", "(temporarily_unavailable)", null)]
        // mcp_login.go (index id 68630900344) with HTTPS_PROXY set: hostRoutingTransport.roundTrip checks each proxied request
        // with validateMCPOAuthDirectURL(ctx, r.URL.String(), "endpoint"), returned through net/http's url.Error.
        [InlineData("ERROR: failed to get server metadata\n\tPost \"https://auth.internal.example.com/token\": OAuth endpoint resolves to a prohibited network address", "TMCP-LOG-268@1", "its endpoint at a URL", null)]
        [InlineData("ERROR: Post \"https://alice@auth.example.com/token\": OAuth endpoint must be an absolute HTTPS URL", "TMCP-LOG-268@1", "(must be an absolute HTTPS URL)", null)]
        // Same file, validateMCPOAuthMetadataResponse: RFC 8414 section 3.3 (issuer against the URL the document came from) and
        // RFC 9728 section 3.3 (resource against the app's URI without mcp+), under the url.Error of the metadata request.
        [InlineData("ERROR: failed to get server metadata\n\tGet \"https://login.example.com/.well-known/oauth-authorization-server/tenant\": OAuth authorization server metadata identifies issuer \"https://login.example.com\", expected \"https://login.example.com/tenant\"", "TMCP-LOG-270@1", "(https://login.example.com/tenant), and got an answer naming another issuer (https://login.example.com)", null)]
        [InlineData("ERROR: failed to get server metadata\n\tGet \"https://mcp.example.com/.well-known/oauth-protected-resource/mcp\": OAuth protected resource metadata identifies resource \"https://mcp.example.com/mcp/\", expected \"https://mcp.example.com/mcp\"", "TMCP-LOG-271@1", "names its resource as https://mcp.example.com/mcp/, but tsh mcp login", null)]
        [InlineData("{\"level\":\"error\",\"line\":\"ERROR: Get \\\"https://mcp.example.com/.well-known/oauth-protected-resource\\\": OAuth protected resource metadata identifies resource \\\"https://other.example.com\\\", expected \\\"https://mcp.example.com\\\"\"}", "TMCP-LOG-271@1", "from the app's URI, https://mcp.example.com (", null)]
        // Same file, registerMCPOAuthClient: the provider's registration endpoint answered an error status. 401/403 are
        // wrapped as a rejected registration (TMCP-LOG-152 only); other statuses have no entry. Neither went through the
        // App Service, so TMCP-LOG-135 (an HTTP error through Teleport) is not them.
        [InlineData("ERROR: The MCP server's OAuth provider rejected the client registration. Some\nproviders only let an approved set of MCP clients register, so registration\nfails even though the provider supports it.\n\tregistration request failed with status 403: {\"message\":\"client not approved\"}", "TMCP-LOG-152@1", null, null)]
        [InlineData("ERROR: registration request failed with status 500: internal error", "", null, null)]
        // Near miss: a Teleport log line about another service's issuer is no tsh login failure.
        [InlineData("2026-12-07T10:00:00.000Z WARN [AUTH]      OIDC issuer must be an absolute HTTPS URL auth/oidc.go:100", "", null, null)]
        // Session 47 (helper-326): the tsh mcp login texts session 46 left without an entry. Newest stored mcp_login.go (index id
        // 68630900344) checkMCPOAuthServerMetadataUnchanged: BadParameter, printed by tsh as "ERROR: " + the text.
        [InlineData("ERROR: OAuth authorization server metadata changed during client registration", "TMCP-LOG-272@1", "guesses the endpoints /authorize and /token at the server's root", null)]
        [InlineData("\x1b[31mERROR: \x1b[0mOAuth authorization server metadata changed during client registration", "TMCP-LOG-272@1", "the client it registered stays registered", null)]
        // Near miss: another program's metadata change is no tsh login failure.
        [InlineData("2026-12-07T10:00:00.000Z WARN [AUTH]      OIDC connector metadata changed during refresh auth/oidc.go:120", "", null, null)]
        // Same file runMCPOAuthLogin: trace.Wrap(err, "waiting for another tsh process to finish refreshing or logging in") of
        // utils.FSTryWriteLockTimeout (lib/utils/fs.go: flock TryLockContext, the context's error when the wait ends);
        // mcp_oauth (index id 68425910795) refreshAuthHeader "waiting for the MCP OAuth token refresh lock" and
        // withMCPOAuthMutationLock "waiting to store MCP OAuth credentials"; the older refresh (index id 57923759079) has the
        // refresh text too. A JSON-escaped copy (a client's log of tsh's reply) is read the same.
        [InlineData("ERROR: waiting for another tsh process to finish refreshing or logging in\n\tcontext deadline exceeded", "TMCP-LOG-273@1", "The error under the text is context deadline exceeded: 'context deadline exceeded' means the whole wait passed", null)]
        [InlineData("ERROR: waiting for the MCP OAuth token refresh lock\n\tcontext deadline exceeded", "TMCP-LOG-273@1", "an MCP client's tsh mcp connect (or tsh proxy mcp) starts by itself", null)]
        [InlineData("{\"level\":\"error\",\"line\":\"ERROR: waiting to store MCP OAuth credentials\\n\\topen /home/alice/.tsh/mcp/oauth.lock: permission denied\"}", "TMCP-LOG-273@1", "The error under the text is open /home/alice/.tsh/mcp/oauth.lock: permission denied:", null)]
        // Near misses: apt's and another tool's lock waits.
        [InlineData("Waiting for cache lock: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt)", "", null, null)]
        [InlineData("ERROR: waiting for another process to finish: timeout", "", null, null)]
        // Same file newMCPOAuthHTTPClient CheckRedirect: BadParameter("refusing to follow a redirect for an OAuth %s request",
        // via[0].Method) inside net/http's url.Error (Op "Post", URL the Location); registerMCPOAuthClient wraps it in "failed
        // to send registration request", mcp-go's refreshToken (index id 51824994599) in "failed to send refresh token request".
        [InlineData("ERROR: failed to send registration request\n\tPost \"https://auth.example.com/oauth/register/\": refusing to follow a redirect for an OAuth POST request", "TMCP-LOG-274@1", "tsh sent an OAuth POST request", null)]
        // The Location is named up to its query: a query or user info (which may hold a secret) is not taken.
        [InlineData("ERROR: failed to send registration request\n\tPost \"https://auth.example.com/oauth/register/\": refusing to follow a redirect for an OAuth POST request", "TMCP-LOG-274@1", "The answer pointed to https://auth.example.com/oauth/register/.", null)]
        [InlineData("ERROR: Post \"https://login.example.com/authorize?code=SECRETCODE&state=x\": refusing to follow a redirect for an OAuth POST request", "TMCP-LOG-274@1", "The answer pointed to https://login.example.com/authorize.", "SECRETCODE")]
        [InlineData("ERROR: Post \"https://alice:hunter2@login.example.com/token\": refusing to follow a redirect for an OAuth POST request", "TMCP-LOG-274@1", "The answer pointed to an address not shown here (the line named none, or one with user info, which may hold a password).", "hunter2")]
        // Under tsh mcp connect's login-required text (TMCP-LOG-150) the redirect is the cause: logging in again cannot help.
        [InlineData("ERROR: authentication with MCP server \"linear\" has expired, run `tsh mcp login linear` to log in again: failed to send refresh token request: Post \"https://auth.example.com/token/\": refusing to follow a redirect for an OAuth POST request", "TMCP-LOG-274@1", "answered with an HTTP redirect", null)]
        // Near miss: another client's redirect refusal.
        [InlineData("2026-12-07T10:00:00.000Z ERROR http: refusing to follow a redirect to another host", "", null, null)]
        // Same file listenMCPOAuthCallback: a stored redirect URI that is not http://<loopback>:<port>/callback fails only the
        // automatic login (RedirectURI comes from stored credentials), inside mcpOAuthLoginRequiredError: TMCP-LOG-150, whose
        // fix (run tsh mcp login, which binds a new callback) is right; no entry of its own.
        [InlineData("ERROR: authentication with MCP server \"linear\" has expired, run `tsh mcp login linear` to log in again: stored MCP OAuth redirect URI \"http://10.0.0.5:8080/callback\" is not a loopback callback URL", "TMCP-LOG-150@1", null, null)]
        // Same file mcpOAuthDiscoveryBaseURL: "MCP application URI %q is missing a host" names the URI and its defect; no entry.
        [InlineData("ERROR: MCP application URI \"mcp+https:///mcp\" is missing a host", "", null, null)]
        // lib/srv/mcp/stdio_helpers.go @fc658dd7 checkToolAccess ("missing tool name") answered by messages.go @fc658dd7
        // makeToolAccessDeniedResponse as a successful result worded as an RBAC denial: the nameless call, not the roles.
        [InlineData("2026-12-07T10:00:05.002Z [teleport-mcp-files] [info] Message from server: {\"jsonrpc\":\"2.0\",\"id\":4,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"Error: missing tool name. RBAC is enforced by your Teleport roles. Contact your Teleport Adminstrators for more details.\"}],\"isError\":false}} { metadata: undefined }", "TMCP-LOG-267@1", "the roles decided nothing", null)]
        // A real denial of that release is still TMCP-LOG-029.
        [InlineData("2026-12-07T10:00:05.002Z [teleport-mcp-files] [info] Message from server: {\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"Error: access to MCP tool \\\"delete_file\\\" denied. RBAC is enforced by your Teleport roles. Contact your Teleport Adminstrators for more details.\"}],\"isError\":false}} { metadata: undefined }", "TMCP-LOG-029@1", "denied tools/call", null)]
        // lib/srv/mcp/server.go @03e80a0e getSessionHandlerWithJWT: ConnectionProblem(err, "timed out setting up MCP session")
        // under http.go's "setting up session handler", logged WARN "Failed to set up MCP session handler" (@0172e726).
        [InlineData("2026-12-06T10:00:00.125Z WARN [MCP]       Failed to set up MCP session handler error:[" + Report + "*trace.ConnectionProblemError timed out setting up MCP session" + Stack + "setting up session handler\n\ttimed out setting up MCP session] mcp/http.go:88", "TMCP-LOG-221@1", "within Teleport's default I/O timeout", null)]
        [InlineData("{\"timestamp\":\"2026-12-06T10:00:00Z\",\"level\":\"warning\",\"caller\":\"mcp/http.go:88\",\"component\":\"mcp\",\"message\":\"Failed to set up MCP session handler\",\"error\":\"setting up session handler\\n\\ttimed out setting up MCP session\"}", "TMCP-LOG-221@1", "The failed setup is not kept", null)]
        // Releases without that WARN return the same error to lib/srv/app/connections_handler.go ("Failed to handle client connection.").
        [InlineData(AppWarn + Report + "*trace.ConnectionProblemError context deadline exceeded" + Stack + "setting up session handler\n\ttimed out setting up MCP session] app/connections_handler.go:301", "TMCP-LOG-221@1", null, null)]
        // lib/utils/mcputils/sse.go @c5f2e680 nextEvent / event.go @550dbaed scanEvents: fmt.Errorf("malformed line in SSE stream: %q");
        // html/template writes the quotes and angle brackets of a text log's report as entities.
        [InlineData(AppWarn + Report + "*errors.errorString malformed line in SSE stream: &#34;&lt;!DOCTYPE html&gt;&#34;" + Stack + "reading SSE server endpoint\n\treading SSE server message\n\tmalformed line in SSE stream: &#34;&lt;!DOCTYPE html&gt;&#34;] app/connections_handler.go:301", "TMCP-LOG-222@1", "a web page or an error text with status 200", null)]
        // lib/utils/mcputils/reader.go @27ee558d startProcess: ERROR "Failed to process line" with processNextLine's "reading next message".
        [InlineData("{\"timestamp\":\"2026-12-06T10:00:00Z\",\"level\":\"error\",\"caller\":\"mcputils/reader.go:171\",\"component\":\"mcp\",\"sse\":\"stdout\",\"message\":\"Failed to process line\",\"error\":\"reading next message\\n\\tmalformed line in SSE stream: \\\"upstream connect error\\\"\"}", "TMCP-LOG-222@1", null, null)]
        // lib/srv/mcp/session.go @6230ac84 makeToolsCallResponse: the JSON-RPC error the client gets (Go's json.UnmarshalTypeError
        // as data: its exported fields, reflect.Type as {}).
        [InlineData("2026-12-06T10:00:00.000Z [teleport-mcp-files] [info] Message from server: {\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32603,\"message\":\"failed to unmarshal tools/list response\",\"data\":{\"Value\":\"string\",\"Type\":{},\"Offset\":412,\"Struct\":\"ToolArgumentsSchema\",\"Field\":\"tools.inputSchema.required\"}}} { metadata: undefined }", "TMCP-LOG-223@1", "lists no tool of this server", null)]
        // lib/srv/app/connections_handler.go @0009d93e handleConnection: AccessDenied for an MCP app and a scoped identity.
        [InlineData(AppWarn + Report + "*trace.AccessDeniedError MCP application access is not supported for scoped identities" + Stack + "MCP application access is not supported for scoped identities] app/connections_handler.go:640", "TMCP-LOG-224@1", "unscoped identities only", null)]
        [InlineData("{\"timestamp\":\"2026-12-06T10:00:00Z\",\"level\":\"warning\",\"caller\":\"app/connections_handler.go:640\",\"message\":\"Failed to handle client connection.\",\"component\":\"app:service\",\"error\":\"MCP application access is not supported for scoped identities\"}", "TMCP-LOG-224@1", null, null)]
        // lib/srv/app/connections_handler.go @0009d93e authorizeContext: the certificate's RouteToApp.Scope against the app's scope,
        // logged through handleConnection; a stdio client gets the same text as -32603 (lib/srv/mcp handleAuthErrStdio).
        [InlineData(AppWarn + Report + "*trace.AccessDeniedError certificate app scope \"\" does not match application scope \"/staging\"" + Stack + "certificate app scope \"\" does not match application scope \"/staging\"] app/connections_handler.go:640", "TMCP-LOG-227@1", "in scope \"/staging\", but the certificate was issued for scope \"\" (", null)]
        [InlineData("{\"timestamp\":\"2026-12-06T10:00:00Z\",\"level\":\"warning\",\"caller\":\"app/connections_handler.go:640\",\"message\":\"Failed to handle client connection.\",\"component\":\"app:service\",\"error\":\"certificate app scope \\\"/dev\\\" does not match application scope \\\"/prod\\\"\"}", "TMCP-LOG-227@1", "issued for scope \"/dev\" (", null)]
        [InlineData("2026-12-06T10:00:05.002Z [teleport-mcp-files] [info] Message from server: {\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32603,\"message\":\"certificate app scope \\\"/dev\\\" does not match application scope \\\"\\\"\"}} { metadata: undefined }", "TMCP-LOG-227@1", "before looking at any role", null)]
        // lib/srv/app/connections_handler.go @0009d93e handleConnection: lib/limiter/limiter.go @06ea5837 RegisterRequestAndConnection's
        // LimitExceeded texts, the limiter filled from teleport.connection_limits (PR #63720); html/template writes the quotes as &#34;.
        [InlineData(AppWarn + Report + "*trace.LimitExceededError rate limit exceeded for &#34;203.0.113.7&#34;" + Stack + "rate limit exceeded for &#34;203.0.113.7&#34;] app/connections_handler.go:592", "TMCP-LOG-228@1", "from \"203.0.113.7\" before reading its certificate ('rate limit exceeded')", null)]
        [InlineData("{\"timestamp\":\"2026-12-06T10:00:00Z\",\"level\":\"warning\",\"caller\":\"app/connections_handler.go:592\",\"message\":\"Failed to handle client connection.\",\"component\":\"app:service\",\"error\":\"exceeded connection limit for \\\"10.0.0.4\\\"\"}", "TMCP-LOG-228@1", "('exceeded connection limit')", null)]
        // The Database Service's limiter logs the same texts under its own component: not the App Service's limits.
        [InlineData("2026-12-06T10:00:00.125Z WARN [DB:SERVIC] Failed to handle connection. error:[rate limit exceeded for \"203.0.113.7\"] db/server.go:1024", "", null, null)]
        // lib/utils/mcputils/http.go @03e80a0e httpSSEResponseReplacer.Read: a server's request in an event-stream answer ends the
        // body's Read with BadParameter("message is not a response or a notification"), logged by httputil.ReverseProxy.
        [InlineData("2026-12-06T10:00:00.125Z ERROR [APP:SERVI] httputil: ReverseProxy read error during body copy: message is not a response or a notification", "TMCP-LOG-225@1", "sampling/createMessage, elicitation/create", null)]
        [InlineData("{\"timestamp\":\"2026-12-06T10:00:00Z\",\"level\":\"error\",\"message\":\"httputil: ReverseProxy read error during body copy: message is not a response or a notification\"}", "TMCP-LOG-225@1", null, null)]
        // lib/utils/mcputils/http.go @03e80a0e ReplaceHTTPResponse: Go's mime.ParseMediaType error for a 200 without a usable
        // Content-Type, logged by http.go @0172e726's proxy error handler; elsewhere the same Go text is no finding.
        [InlineData("2026-12-06T10:00:01.530Z WARN [MCP]       Failed to proxy MCP request method:POST path:/mcp status_code:500 error:[" + Report + "*errors.errorString mime: no media type" + Stack + "mime: no media type] app:grafana user:alice mcp/http.go:301", "TMCP-LOG-226@1", "('mime: no media type', Go's mime.ParseMediaType)", null)]
        [InlineData("{\"timestamp\":\"2026-12-06T10:00:01Z\",\"level\":\"warning\",\"caller\":\"mcp/http.go:301\",\"message\":\"Failed to proxy MCP request\",\"component\":\"mcp\",\"app\":\"grafana\",\"user\":\"alice\",\"method\":\"POST\",\"path\":\"/mcp\",\"status_code\":500,\"error\":\"mime: invalid media parameter\"}", "TMCP-LOG-226@1", "of grafana answered with HTTP 200", null)]
        [InlineData("2026-12-06T10:00:01.530Z WARN [PROXY:WEB] upload refused error:[mime: no media type] web/files.go:88", "", null, null)]
        // lib/srv/mcp/stdio.go @2ee3af94: the child's stderr at DEBUG through mcputils.NewStderrLogWriter (component MCP:stderr).
        [InlineData(AppWarn + Report + "*exec.ExitError exit status 1" + Stack + "] app/connections_handler.go:315", "TMCP-LOG-001@1", "at DEBUG as 'stderr' lines with a data field (component MCP:stderr)", null)]
        // One failed request logged twice (lib/httplib/reverseproxy/reverse_proxy.go @01264f3e roundTripperWithLogger.RoundTrip
        // logs "Error forwarding request" and returns the error; httputil.ReverseProxy passes the same error to lib/srv/mcp/http.go
        // @0172e726 makeProxyErrorHandler, which logs "Failed to proxy MCP request"): one finding, of the second line.
        [InlineData(Forwarding + "\n" + ProxyFailed, "TMCP-LOG-102@2", "(dial tcp 10.0.8.20:3000: connect: connection refused)", null)]
        [InlineData("{\"timestamp\":\"2025-11-03T09:00:01Z\",\"level\":\"error\",\"caller\":\"reverseproxy/reverse_proxy.go:240\",\"message\":\"Error forwarding request\",\"component\":\"mcp\",\"app\":\"grafana\",\"app_uri\":\"mcp+https://mcp.internal/mcp\",\"user\":\"alice\",\"method\":\"POST\",\"url\":\"/mcp\",\"error\":\"tls: failed to verify certificate: x509: certificate signed by unknown authority\"}\n{\"timestamp\":\"2025-11-03T09:00:01Z\",\"level\":\"warning\",\"caller\":\"mcp/http.go:301\",\"message\":\"Failed to proxy MCP request\",\"component\":\"mcp\",\"app\":\"grafana\",\"user\":\"alice\",\"method\":\"POST\",\"path\":\"/mcp\",\"status_code\":500,\"error\":\"tls: failed to verify certificate: x509: certificate signed by unknown authority\"}", "TMCP-LOG-101@2", null, null)]
        // Not the same failure: another app's request, or another error, stays two findings, in line order.
        [InlineData(Forwarding + "\n" + "2025-11-03T09:00:01.530Z WARN [MCP]       Failed to proxy MCP request method:POST path:/mcp status_code:502 error:[dial tcp 10.0.8.21:3000: connect: connection refused] app:jira user:alice mcp/http.go:301", "TMCP-LOG-171@1 TMCP-LOG-102@2", null, null)]
        [InlineData(Forwarding + "\n" + "2025-11-03T09:00:01.530Z WARN [MCP]       Failed to proxy MCP request method:POST path:/mcp status_code:500 error:[context canceled] app:grafana user:alice mcp/http.go:301", "TMCP-LOG-171@1 TMCP-LOG-100@2", null, null)]
        // An older release logs only the first line (http.go @7084a74c has no error handler): it is the finding.
        [InlineData(Forwarding + "\n2025-11-03T09:00:02.000Z INFO [MCP]       Completed handling HTTP request app:grafana user:alice mcp/http.go:95", "TMCP-LOG-171@1", null, null)]
        public void EntriesFollowTheSourceTexts(string text, string expected, string causeHas, string causeLacks)
        {
            var found = Scan(text);
            Assert.Equal(expected, string.Join(" ", found.Select(f => f.Id + "@" + f.LineNumber)));
            if (found.Count == 0) return;
            string cause = found[0].Cause;
            if (causeHas != null) Assert.Contains(causeHas, cause, StringComparison.Ordinal);
            if (causeLacks != null) Assert.DoesNotContain(causeLacks, cause, StringComparison.Ordinal);
            foreach (var f in found)
            {
                Assert.DoesNotContain("&#34;", f.Evidence, StringComparison.Ordinal);
                Assert.DoesNotContain("&#34;", f.Cause, StringComparison.Ordinal);
            }
        }

        // html/template/html.go htmlReplacementTable: '"' &#34;, '&' &amp;, '\'' &#39;, '+' &#43;, '<' &lt;, '>' &gt;
        // (NUL becomes U+FFFD). Nothing else is an entity html/template writes, so nothing else is read as one.
        [Theory]
        [InlineData("exec: &#34;npx&#34;: executable file not found in $PATH", "exec: \"npx\": executable file not found in $PATH")]
        [InlineData("header &#34;X-Api-Key&#34; is reserved and can&#39;t be rewritten", "header \"X-Api-Key\" is reserved and can't be rewritten")]
        [InlineData("mcp&#43;http://a &lt;nil&gt; AT&amp;T", "mcp+http://a <nil> AT&T")]
        [InlineData("written &amp;lt;x&amp;gt; stays &lt;x&gt;", "written &lt;x&gt; stays <x>")]
        [InlineData("&#10;&#9;&quot;&#x22;&#34", "&#10;&#9;&quot;&#x22;&#34")]
        [InlineData("a & b &", "a & b &")]
        [InlineData("\uFFFD&#34;", "\uFFFD\"")]
        public void ReportLinesAreReadAsHtmlTemplateWroteThem(string line, string expected)
        {
            var buf = ("##" + line + "##").ToCharArray();
            var scratch = new char[4];
            int n = DebugReportText.Unescape(buf, 2, line.Length, ref scratch);
            Assert.True(n >= 0);
            Assert.Equal(expected, new string(scratch, 0, n));
        }

        [Fact]
        public void ALineWithoutAmpersandIsUsedAsItIs()
        {
            var buf = "exec: \"npx\": x".ToCharArray();
            var scratch = new char[1];
            Assert.Equal(-1, DebugReportText.Unescape(buf, 0, buf.Length, ref scratch));
        }

        // Only the ERROR REPORT block of a Teleport text record is html/template output: the stamped line itself, a JSON
        // record and a client's server-stderr lines keep their '&' entities as written.
        [Theory]
        [InlineData("2025-09-30T10:00:00.125Z WARN [APP:SERVI] Failed to handle client connection. error:\"[a &amp; b]\" app/connections_handler.go:301", "a &amp; b")]
        [InlineData("2025-10-02T07:30:00.010Z [teleport-mcp-files] [info] Server started and connected successfully { metadata: undefined }\nFailed to spawn process: No such file or directory &amp;", "directory &amp;")]
        [InlineData(AppWarn + "\nnot a report &#34;x&#34;] app/connections_handler.go:301", "&#34;x&#34;")]
        public void OtherLinesKeepTheirEntities(string text, string kept)
        {
            var found = Scan(text);
            var f = Assert.Single(found);
            Assert.Contains(kept, f.Evidence, StringComparison.Ordinal);
        }

        [Fact]
        public void DecodedEvidenceIsStillRedacted()
        {
            var found = Scan(AppWarn + Report + "*errors.errorString header &#34;Authorization: Bearer abcdef123456789&#34; rejected" + Stack + "request with Authorization: Bearer abcdef123456789] app/connections_handler.go:301");
            var f = Assert.Single(found);
            Assert.Equal("TMCP-LOG-004", f.Id);
            Assert.DoesNotContain("abcdef123456789", f.Evidence, StringComparison.Ordinal);
            Assert.Contains("Bearer <redacted>", f.Evidence, StringComparison.Ordinal);
        }
    }
}
