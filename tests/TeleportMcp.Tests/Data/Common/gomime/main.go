// Generates go-mime-media-type.jsonl: Go's own mime.ParseMediaType verdict (media type, error text) for each input, read
// by tests/TeleportMcp.Tests/Common/GoMimeTests.cs. Run: cd this folder; go run . > ../go-mime-media-type.jsonl
// A name given twice with equal values is left out: Go releases differ on it.
package main

import (
	"encoding/json"
	"fmt"
	"mime"
)

func main() {
	in := []string{
		"", " ", "application/json", "Application/JSON; charset=utf-8", "text/event-stream", "text/", "text", "text/plain; x",
		"a/b c", "a b", "/json", "application/json;", " text/event-stream ; charset=utf-8", "application/json\t", "appl(ication/json",
		"application/js\"on", "x/y/z", "\u00ff/b", "a/b;c=d", "application/vnd.api+json", "*/*", ";", "text/plain;", "text/plain;;",
		"text/plain; charset=utf-8; CHARSET=latin1", "text/plain; a=\"\"", "text/plain; a=", "text/plain; a=\"x", "text/plain; a=\"x\\\"y\"",
		"text/plain; a=b c", "text/plain ; a = b ;", "text/plain; a*0=x; a*0=y", "text/plain; a*=x; a=y", "text/plain; =b",
		"text/plain; a=\"x\ry\"", "text/plain;a=b;;", "application/json ;", "application/json; charset=\"utf-8\"", "text/html; q=a\\b",
	}
	for _, s := range in {
		mt, _, err := mime.ParseMediaType(s)
		e := ""
		if err != nil {
			e = err.Error()
			mt = ""
		}
		b, _ := json.Marshal([]string{s, mt, e})
		fmt.Println(string(b))
	}
}
