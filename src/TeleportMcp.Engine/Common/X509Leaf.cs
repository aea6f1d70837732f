using System;
using System.Globalization;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Rbac;

namespace TeleportMcp.Engine.Common
{
    /// <summary>The kinds of certificate key <see cref="X509Leaf"/> holds.</summary>
    internal enum CertificateKeyKind
    {
        Rsa,
        Ec,
        Ed25519,

        /// <summary>A key Go parses but no JWK go-jose takes can equal: DSA, ECDSA on P-224.</summary>
        Other,
    }

    /// <summary>
    /// A DER certificate as Go's crypto/x509 ParseCertificate reads it (parser.go of Go 1.24.4, 1.25.12 and 1.26.11, with the
    /// golang.org/x/crypto/cryptobyte they vendor): the structure in Go's order with its error texts, the public key
    /// parsePublicKey gives, the extensions processExtensions reads, and "x509: trailing data" after the certificate.
    /// </summary>
    /// <remarks>
    /// Not read (<see cref="Unread"/>): the name constraints extension (2.5.29.30) and a URI among the subject alternative
    /// names (2.5.29.17), whose domain checks change across Go releases and patch releases. A certificate holding one may
    /// be refused for it, and that refusal would come before a later error found here.
    /// </remarks>
    internal sealed class X509Leaf
    {
        private X509Leaf(byte[] raw)
        {
            Raw = raw;
        }

        /// <summary>Go's refusal of a negative serial number under its default (x509negativeserial=0).</summary>
        public const string NegativeSerialError = "x509: negative serial number";

        /// <summary>The certificate's own DER element (Go's Certificate.Raw).</summary>
        public byte[] Raw { get; }

        /// <summary>The key's kind; null for a key algorithm Go does not know (Certificate.PublicKey stays nil).</summary>
        public CertificateKeyKind? Kind { get; private set; }

        /// <summary>RSA: the modulus, big-endian without leading zero bytes.</summary>
        public byte[]? Modulus { get; private set; }

        /// <summary>RSA: the public exponent.</summary>
        public long Exponent { get; private set; }

        /// <summary>EC: the named curve.</summary>
        public NistCurve? Curve { get; private set; }

        /// <summary>EC: the coordinates, each of the curve's size; Ed25519: the 32 key bytes in <see cref="X"/>.</summary>
        public byte[]? X { get; private set; }

        public byte[]? Y { get; private set; }

        /// <summary>The first extension whose value is not read (its OID and name), or null.</summary>
        public string? Unread { get; private set; }

        private static readonly byte[] OidRsa = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01 };
        private static readonly byte[] OidDsa = { 0x2A, 0x86, 0x48, 0xCE, 0x38, 0x04, 0x01 };
        private static readonly byte[] OidEc = { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01 };
        private static readonly byte[] OidEd25519 = { 0x2B, 0x65, 0x70 };
        private static readonly byte[] OidP224 = { 0x2B, 0x81, 0x04, 0x00, 0x21 };
        private static readonly byte[] Null = { 0x05, 0x00 };
        private static readonly (byte[] Oid, NistCurve Curve)[] NamedCurves =
        {
            (new byte[] { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07 }, NistCurve.P256),
            (new byte[] { 0x2B, 0x81, 0x04, 0x00, 0x22 }, NistCurve.P384),
            (new byte[] { 0x2B, 0x81, 0x04, 0x00, 0x23 }, NistCurve.P521),
        };

        // cryptobyte_asn1 tags.
        private const int Boolean = 0x01, Integer = 0x02, BitString = 0x03, OctetString = 0x04, ObjectIdentifier = 0x06;
        private const int Sequence = 0x30, Set = 0x31, UtcTime = 0x17, GeneralizedTime = 0x18;

        /// <summary>
        /// ParseCertificate of the release given: the certificate, or null with Go's error text; unread names an
        /// extension read before the error (or anywhere, without one) whose value this does not read.
        /// <paramref name="x509NegativeSerial"/>: the GODEBUG setting x509negativeserial=1 is in force, so a negative serial
        /// number is read on (Go's default for a main module whose go.mod says go 1.23 or later refuses it).
        /// </summary>
        public static X509Leaf? Parse(byte[] der, GoRelease release, out string? error, out string? unread, bool x509NegativeSerial = false)
        {
            if (der == null) throw new ArgumentNullException(nameof(der));
            X509Leaf? cert = null;
            error = Certificate(der, release, x509NegativeSerial, ref cert);
            if (error == null && cert!.Raw.Length != der.Length) error = "x509: trailing data";
            unread = cert?.Unread;
            return error == null ? cert : null;
        }

        // parser.go parseCertificate, step by step.
        private static string? Certificate(byte[] der, GoRelease release, bool x509NegativeSerial, ref X509Leaf? cert)
        {
            var input = new Asn1(der, 0, der.Length);
            if (!input.ReadElement(Sequence, out var whole)) return "x509: malformed certificate";
            cert = new X509Leaf(whole.Bytes());
            whole.Read(Sequence, out input);
            if (!input.ReadElement(Sequence, out var tbsElement)) return "x509: malformed tbs certificate";
            tbsElement.Read(Sequence, out var tbs);

            long version = 0;
            if (tbs.Peek(0xA0))
            {
                if (!tbs.Read(0xA0, out var explicitVersion) || !explicitVersion.ReadInt64(out version) || !explicitVersion.Empty)
                    return "x509: malformed version";
            }
            if (version < 0) return "x509: malformed version";
            // Certificate.Version is a Go int: one more than the encoded value, wrapping at the top as Go's does.
            version = unchecked(version + 1);
            if (version > 3) return "x509: invalid version";

            if (!tbs.ReadBigInteger(out int serialSign)) return "x509: malformed serial number";
            // parser.go: a negative serial is refused unless x509negativeserial=1 (internal/godebugs/table.go: Changed 23, Old "1",
            // still in the table of Go 1.27's development, index id 54605726609), then parsing goes on.
            if (serialSign < 0 && !x509NegativeSerial) return NegativeSerialError;

            if (!tbs.Read(Sequence, out var sigAI)) return "x509: malformed signature algorithm identifier";
            if (!input.Read(Sequence, out var outerSigAI)) return "x509: malformed algorithm identifier";
            if (!sigAI.Bytes().SequenceEqual(outerSigAI.Bytes())) return "x509: inner and outer signature algorithm identifiers don't match";
            if (AlgorithmIdentifier(sigAI, out _, out _) is { } aiError) return aiError;

            if (!tbs.ReadElement(Sequence, out var issuer)) return "x509: malformed issuer";
            if (Name(issuer, release) is { } issuerError) return issuerError;
            if (!tbs.Read(Sequence, out var validity)) return "x509: malformed validity";
            if (Time(ref validity) is { } notBefore) return notBefore;
            if (Time(ref validity) is { } notAfter) return notAfter;
            // parser.go says "issuer" for the subject too.
            if (!tbs.ReadElement(Sequence, out var subject)) return "x509: malformed issuer";
            if (Name(subject, release) is { } subjectError) return subjectError;

            if (!tbs.ReadElement(Sequence, out var spkiElement)) return "x509: malformed spki";
            spkiElement.Read(Sequence, out var spki);
            if (!spki.Read(Sequence, out var pkAI)) return "x509: malformed public key algorithm identifier";
            if (AlgorithmIdentifier(pkAI, out var keyOid, out var parameters) is { } pkError) return pkError;
            if (!spki.ReadBitString(out var keyBits, out int keyBitLength)) return "x509: malformed subjectPublicKey";
            if (PublicKey(cert, keyOid, parameters, RightAlign(keyBits, keyBitLength), release) is { } keyError) return keyError;

            if (version > 1)
            {
                if (!tbs.SkipOptional(0x81)) return "x509: malformed issuerUniqueID";
                if (!tbs.SkipOptional(0x82)) return "x509: malformed subjectUniqueID";
                if (version == 3 && tbs.Peek(0xA3))
                {
                    if (!tbs.Read(0xA3, out var explicitExtensions)) return "x509: malformed extensions";
                    if (!explicitExtensions.Read(Sequence, out var extensions)) return "x509: malformed extensions";
                    var seen = new System.Collections.Generic.List<(string Oid, bool Critical, Asn1 Value)>();
                    var oids = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
                    while (!extensions.Empty)
                    {
                        if (!extensions.Read(Sequence, out var extension)) return "x509: malformed extension";
                        if (!extension.ReadOid(out var oid)) return "x509: malformed extension OID field";
                        bool critical = false;
                        if (extension.Peek(Boolean) && !extension.ReadBoolean(out critical)) return "x509: malformed extension critical field";
                        if (!extension.Read(OctetString, out var value)) return "x509: malformed extension value field";
                        if (!oids.Add(oid)) return "x509: certificate contains duplicate extension with OID " + GoText.Quote(oid);
                        seen.Add((oid, critical, value));
                    }
                    foreach (var (oid, critical, value) in seen)
                        if (Extension(cert, oid, critical, value, release) is { } extensionError) return extensionError;
                }
            }

            if (!input.ReadBitString(out _, out _)) return "x509: malformed signature";
            return null;
        }

        // parser.go parseAI: an OID, then nothing or any one element (the parameters, kept whole).
        private static string? AlgorithmIdentifier(Asn1 der, out byte[] oid, out byte[] parameters)
        {
            parameters = Array.Empty<byte>();
            if (!der.ReadOid(out _, out oid)) return "x509: malformed OID";
            if (der.Empty) return null;
            if (!der.ReadAnyElement(out var element, out _)) return "x509: malformed parameters";
            parameters = element.Bytes();
            return null;
        }

        // parser.go parseName and parseASN1String.
        private static string? Name(Asn1 element, GoRelease release)
        {
            if (!element.Read(Sequence, out var raw)) return "x509: invalid RDNSequence";
            while (!raw.Empty)
            {
                if (!raw.Read(Set, out var set)) return "x509: invalid RDNSequence";
                while (!set.Empty)
                {
                    if (!set.Read(Sequence, out var atav)) return "x509: invalid RDNSequence: invalid attribute";
                    if (!atav.ReadOid(out _)) return "x509: invalid RDNSequence: invalid attribute type";
                    if (!atav.ReadAny(out var value, out int tag)) return "x509: invalid RDNSequence: invalid attribute value";
                    if (StringProblem(tag, value.Bytes(), release) is { } problem) return "x509: invalid RDNSequence: invalid attribute value: " + problem;
                }
            }
            return null;
        }

        private static string? StringProblem(int tag, byte[] value, GoRelease release)
        {
            switch (tag)
            {
                case 20: // T61String: taken as it is (Go 1.24) or as Latin-1 (Go 1.25); never refused.
                    return null;
                case 19:
                    return value.All(IsPrintable) ? null : "invalid PrintableString";
                case 12:
                    return ValidUtf8(value) ? null : "invalid UTF-8 string";
                case 30:
                    if (value.Length % 2 != 0) return "invalid BMPString";
                    int length = value.Length >= 2 && value[value.Length - 1] == 0 && value[value.Length - 2] == 0 ? value.Length - 2 : value.Length;
                    // Go 1.25 refuses UTF-16 surrogates and the reserved noncharacters; Go 1.24 decodes them.
                    if (release >= GoRelease.Go125)
                        for (int i = 0; i < length; i += 2)
                        {
                            int point = value[i] << 8 | value[i + 1];
                            if (point == 0xFFFE || point == 0xFFFF || point >= 0xFDD0 && point <= 0xFDEF || point >= 0xD800 && point <= 0xDFFF)
                                return "invalid BMPString";
                        }
                    return null;
                case 22:
                    return value.All(b => b < 0x80) ? null : "invalid IA5String";
                case 18:
                    return value.All(b => b >= '0' && b <= '9' || b == ' ') ? null : "invalid NumericString";
                default:
                    return "unsupported string type: " + tag.ToString(CultureInfo.InvariantCulture);
            }
        }

        // parser.go isPrintable: the PrintableString set, with '*' and '&'.
        private static bool IsPrintable(byte b) =>
            b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= '\'' && b <= ')' || b >= '+' && b <= '/' ||
            b == ' ' || b == ':' || b == '=' || b == '?' || b == '*' || b == '&';

        private static readonly UTF8Encoding s_strictUtf8 = new UTF8Encoding(false, true);

        // unicode/utf8 Valid: no overlong form, no surrogate, nothing above U+10FFFF (as .NET's strict decoder).
        private static bool ValidUtf8(byte[] value)
        {
            try
            {
                s_strictUtf8.GetCharCount(value);
                return true;
            }
            catch (DecoderFallbackException)
            {
                return false;
            }
        }

        // parser.go parseTime: UTCTime or GeneralizedTime, as cryptobyte reads them.
        private static string? Time(ref Asn1 der)
        {
            if (der.Peek(UtcTime)) return der.Read(UtcTime, out var utc) && UtcTimeValid(utc.Bytes()) ? null : "x509: malformed UTCTime";
            if (der.Peek(GeneralizedTime)) return der.Read(GeneralizedTime, out var gen) && GeneralizedTimeValid(gen.Bytes()) ? null : "x509: malformed GeneralizedTime";
            return "x509: unsupported time format";
        }

        // cryptobyte ReadASN1UTCTime: time.Parse with "060102150405Z0700", else "0601021504Z0700", and the text must be what
        // Format gives back: two digits a field, a year 69-99 in the 1900s, else the 2000s, and "Z" or a non-zero +hhmm/-hhmm.
        // (A text with twelve digits never fits the second layout, so the first layout's refusal decides for it.)
        private static bool UtcTimeValid(byte[] t)
        {
            foreach (int digits in new[] { 12, 10 })
            {
                if (t.Length < digits || !AllDigits(t, 0, digits)) continue;
                int yy = Two(t, 0);
                int year = yy >= 69 ? 1900 + yy : 2000 + yy;
                return DateTimeValid(year, Two(t, 2), Two(t, 4), Two(t, 6), Two(t, 8), digits == 12 ? Two(t, 10) : 0) && ZoneValid(t, digits);
            }
            return false;
        }

        // cryptobyte ReadASN1GeneralizedTime: time.Parse with "20060102150405Z0700" and Format gives the text back.
        private static bool GeneralizedTimeValid(byte[] t)
        {
            if (t.Length < 14 || !AllDigits(t, 0, 14)) return false;
            int year = Two(t, 0) * 100 + Two(t, 2);
            return DateTimeValid(year, Two(t, 4), Two(t, 6), Two(t, 8), Two(t, 10), Two(t, 12)) && ZoneValid(t, 14);
        }

        // time.Parse's ranges (the proleptic Gregorian calendar, year 0 a leap year); no leap second.
        private static bool DateTimeValid(int year, int month, int day, int hour, int minute, int second)
        {
            if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
            bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            int days = month == 2 ? (leap ? 29 : 28) : month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
            return day <= days;
        }

        // Z0700 as Format writes it: "Z" for a zero offset, else a sign and four digits, minutes below 60 (Parse takes up
        // to 24 hours).
        private static bool ZoneValid(byte[] t, int at)
        {
            if (t.Length == at + 1 && t[at] == 'Z') return true;
            if (t.Length != at + 5 || t[at] != '+' && t[at] != '-' || !AllDigits(t, at + 1, 4)) return false;
            int hours = Two(t, at + 1), minutes = Two(t, at + 3);
            return hours <= 24 && minutes < 60 && hours + minutes > 0;
        }

        private static bool AllDigits(byte[] t, int start, int count)
        {
            for (int i = start; i < start + count; i++)
                if (t[i] < '0' || t[i] > '9') return false;
            return true;
        }

        private static int Two(byte[] t, int at) => (t[at] - '0') * 10 + t[at + 1] - '0';

        // encoding/asn1 BitString.RightAlign.
        private static byte[] RightAlign(byte[] bytes, int bitLength)
        {
            int shift = 8 - bitLength % 8;
            if (shift == 8 || bytes.Length == 0) return bytes;
            var a = new byte[bytes.Length];
            a[0] = (byte)(bytes[0] >> shift);
            for (int i = 1; i < bytes.Length; i++) a[i] = (byte)(bytes[i - 1] << (8 - shift) | bytes[i] >> shift);
            return a;
        }

        // parser.go parsePublicKey, for the algorithms x509.go getPublicKeyAlgorithmFromOID knows (RSA, DSA, ECDSA, Ed25519);
        // any other (X25519 too) leaves the certificate without a key, unread.
        private static string? PublicKey(X509Leaf cert, byte[] oid, byte[] parameters, byte[] key, GoRelease release)
        {
            var der = new Asn1(key, 0, key.Length);
            if (oid.SequenceEqual(OidRsa))
            {
                if (!parameters.SequenceEqual(Null)) return "x509: RSA key missing NULL parameters";
                if (!der.Read(Sequence, out var pkcs1)) return "x509: invalid RSA public key";
                der = pkcs1;
                if (!der.ReadBigInteger(out int modulusSign, out var modulus)) return "x509: invalid RSA modulus";
                if (!der.ReadInt64(out long exponent)) return "x509: invalid RSA public exponent";
                if (modulusSign <= 0) return "x509: RSA modulus is not a positive number";
                if (exponent <= 0) return "x509: RSA public exponent is not a positive number";
                cert.Kind = CertificateKeyKind.Rsa;
                cert.Modulus = modulus.SkipWhile(b => b == 0).ToArray();
                cert.Exponent = exponent;
                return null;
            }
            if (oid.SequenceEqual(OidEc))
            {
                var p = new Asn1(parameters, 0, parameters.Length);
                if (!p.ReadOid(out _, out var curveOid)) return "x509: invalid ECDSA parameters";
                bool p224 = curveOid.SequenceEqual(OidP224);
                var curve = p224 ? NistCurve.P224 : NamedCurves.FirstOrDefault(c => c.Oid.SequenceEqual(curveOid)).Curve;
                if (curve == null) return "x509: unsupported elliptic curve";
                int size = curve.CoordinateSize;
                if (release >= GoRelease.Go126)
                {
                    // Go 1.26.11 parser.go: ecdsa.ParseUncompressedPublicKey (crypto/ecdsa/ecdsa.go), then fips140 nistec
                    // SetBytes, whose texts come back as they are. Same points taken as Go 1.25 (measured); only the texts
                    // differ. P-256's element text is p256_asm.go's (amd64, arm64); p256.go's build says "P256Element".
                    if (key.Length < 1 || key[0] != 4) return "ecdsa: invalid uncompressed public key";
                    string name = curve.Name.Replace("-", "");
                    if (key.Length != 1 + 2 * size) return "invalid " + name + " point encoding";
                    var x26 = key.Skip(1).Take(size).ToArray();
                    var y26 = key.Skip(1 + size).ToArray();
                    if (!curve.InField(x26) || !curve.InField(y26)) return curve == NistCurve.P256 ? "invalid P256 element encoding" : "invalid " + name + "Element encoding";
                    if (!curve.IsOnCurve(x26, y26)) return name + " point not on curve";
                }
                // crypto/elliptic Unmarshal (Go 1.24, 1.25): the uncompressed form of a point on the curve.
                if (key.Length != 1 + 2 * size || key[0] != 4) return "x509: failed to unmarshal elliptic curve point";
                var x = key.Skip(1).Take(size).ToArray();
                var y = key.Skip(1 + size).ToArray();
                if (!curve.IsOnCurve(x, y)) return "x509: failed to unmarshal elliptic curve point";
                cert.Kind = p224 ? CertificateKeyKind.Other : CertificateKeyKind.Ec;
                cert.Curve = curve;
                cert.X = x;
                cert.Y = y;
                return null;
            }
            if (oid.SequenceEqual(OidEd25519))
            {
                if (parameters.Length != 0) return "x509: Ed25519 key encoded with illegal parameters";
                if (key.Length != 32) return "x509: wrong Ed25519 public key size";
                cert.Kind = CertificateKeyKind.Ed25519;
                cert.X = key;
                return null;
            }
            if (oid.SequenceEqual(OidDsa))
            {
                if (!der.ReadBigInteger(out int ySign)) return "x509: invalid DSA public key";
                var dsaParameters = new Asn1(parameters, 0, parameters.Length);
                if (!dsaParameters.Read(Sequence, out var p) || !p.ReadBigInteger(out int pSign) || !p.ReadBigInteger(out int qSign) || !p.ReadBigInteger(out int gSign))
                    return "x509: invalid DSA parameters";
                if (ySign <= 0 || pSign <= 0 || qSign <= 0 || gSign <= 0) return "x509: zero or negative DSA parameter";
                cert.Kind = CertificateKeyKind.Other;
                return null;
            }
            return null;
        }

        // parser.go processExtensions, for one extension: the ones it reads under 2.5.29 and Authority Information Access.
        private static string? Extension(X509Leaf cert, string oid, bool critical, Asn1 value, GoRelease release)
        {
            switch (oid)
            {
                case "2.5.29.15":
                    return value.ReadBitString(out _, out _) ? null : "x509: invalid key usage";
                case "2.5.29.19":
                    if (!value.Read(Sequence, out var bc)) return "x509: invalid basic constraints";
                    if (bc.Peek(Boolean) && !bc.ReadBoolean(out _)) return "x509: invalid basic constraints";
                    if (bc.Peek(Integer))
                    {
                        // Go 1.24 reads maxPathLen into an int; Go 1.25 into a uint no larger than MaxInt (no negative value).
                        bool ok = release >= GoRelease.Go125 ? bc.ReadUInt64(out ulong mpl) && mpl <= long.MaxValue : bc.ReadInt64(out _);
                        if (!ok) return "x509: invalid basic constraints";
                    }
                    return null;
                case "2.5.29.17":
                    // parseSANExtension: a URI is then url.Parse'd and its host checked, which Go releases do differently.
                    if (!value.Read(Sequence, out var sans)) return "x509: invalid subject alternative names";
                    while (!sans.Empty)
                    {
                        if (!sans.ReadAny(out var san, out int tag)) return "x509: invalid subject alternative name";
                        var name = san.Bytes();
                        bool ia5 = name.All(b => b < 0x80);
                        switch (tag ^ 0x80)
                        {
                            case 1 when !ia5: return "x509: SAN rfc822Name is malformed";
                            case 2 when !ia5: return "x509: SAN dNSName is malformed";
                            case 6 when !ia5: return "x509: SAN uniformResourceIdentifier is malformed";
                            case 6:
                                cert.Unread ??= oid + " (a URI among the subject alternative names)";
                                break;
                            case 7 when name.Length != 4 && name.Length != 16:
                                return "x509: cannot parse IP address of length " + name.Length.ToString(CultureInfo.InvariantCulture);
                        }
                    }
                    return null;
                case "2.5.29.30":
                    cert.Unread ??= oid + " (name constraints)";
                    return null;
                case "2.5.29.31":
                    if (!value.Read(Sequence, out var dps)) return "x509: invalid CRL distribution points";
                    while (!dps.Empty)
                    {
                        if (!dps.Read(Sequence, out var dp)) return "x509: invalid CRL distribution point";
                        if (!dp.Peek(0xA0)) continue;
                        if (!dp.Read(0xA0, out var explicitName)) return "x509: invalid CRL distribution point";
                        if (!explicitName.Read(0xA0, out var dpName)) return "x509: invalid CRL distribution point";
                        while (!dpName.Empty && dpName.Peek(0x86))
                            if (!dpName.Read(0x86, out _)) return "x509: invalid CRL distribution point";
                    }
                    return null;
                case "2.5.29.35":
                    if (critical) return "x509: authority key identifier incorrectly marked critical";
                    if (!value.Read(Sequence, out var akid)) return "x509: invalid authority key identifier";
                    if (akid.Peek(0x80) && !akid.Read(0x80, out _)) return "x509: invalid authority key identifier";
                    return null;
                case "2.5.29.36":
                    if (!value.Read(Sequence, out var pc)) return "x509: invalid policy constraints extension";
                    if (pc.Peek(0x80) && !pc.ReadInt64(out _, 0x80)) return "x509: invalid policy constraints extension";
                    if (pc.Peek(0x81) && !pc.ReadInt64(out _, 0x81)) return "x509: invalid policy constraints extension";
                    return null;
                case "2.5.29.37":
                    if (!value.Read(Sequence, out var ekus)) return "x509: invalid extended key usages";
                    while (!ekus.Empty)
                        if (!ekus.ReadOid(out _)) return "x509: invalid extended key usages";
                    return null;
                case "2.5.29.14":
                    if (critical) return "x509: subject key identifier incorrectly marked critical";
                    return value.Read(OctetString, out _) ? null : "x509: invalid subject key identifier";
                case "2.5.29.32":
                    if (!value.Read(Sequence, out var policies)) return "x509: invalid certificate policies";
                    var seenPolicies = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
                    while (!policies.Empty)
                    {
                        if (!policies.Read(Sequence, out var cp) || !cp.Read(ObjectIdentifier, out var policy)) return "x509: invalid certificate policies";
                        var bytes = policy.Bytes();
                        if (!seenPolicies.Add(Convert.ToBase64String(bytes)) || !PolicyOidValid(bytes)) return "x509: invalid certificate policies";
                    }
                    return null;
                case "2.5.29.33":
                    if (!value.Read(Sequence, out var mappings)) return "x509: invalid policy mappings extension";
                    while (!mappings.Empty)
                        if (!mappings.Read(Sequence, out var m) || !m.Read(ObjectIdentifier, out _) || !m.Read(ObjectIdentifier, out _))
                            return "x509: invalid policy mappings extension";
                    return null;
                case "2.5.29.54":
                    return value.ReadInt64(out _) ? null : "x509: invalid inhibit any policy extension";
                case "1.3.6.1.5.5.7.1.1":
                    if (critical) return "x509: authority info access incorrectly marked critical";
                    if (!value.Read(Sequence, out var aia)) return "x509: invalid authority info access";
                    while (!aia.Empty)
                    {
                        if (!aia.Read(Sequence, out var access) || !access.ReadOid(out _)) return "x509: invalid authority info access";
                        if (access.Peek(0x86) && !access.Read(0x86, out _)) return "x509: invalid authority info access";
                    }
                    return null;
                default:
                    return null;
            }
        }

        // oid.go newOIDFromDER: not empty, the last byte ends a component, no component starts with 0x80.
        private static bool PolicyOidValid(byte[] der)
        {
            if (der.Length == 0 || (der[der.Length - 1] & 0x80) != 0) return false;
            int start = 0;
            for (int i = 0; i < der.Length; i++)
            {
                if (i == start && der[i] == 0x80) return false;
                if ((der[i] & 0x80) == 0) start = i + 1;
            }
            return true;
        }

        /// <summary>A window on DER bytes, read front to back as cryptobyte.String is.</summary>
        private struct Asn1
        {
            private readonly byte[] _data;
            private int _at;
            private readonly int _end;

            public Asn1(byte[] data, int start, int length)
            {
                _data = data;
                _at = start;
                _end = start + length;
            }

            public bool Empty => _at >= _end;

            public byte[] Bytes()
            {
                var copy = new byte[_end - _at];
                Array.Copy(_data, _at, copy, 0, copy.Length);
                return copy;
            }

            public bool Peek(int tag) => _at < _end && _data[_at] == tag;

            public bool Read(int tag, out Asn1 content) => Next(out content, out int t, true) && t == tag;

            public bool ReadElement(int tag, out Asn1 element) => Next(out element, out int t, false) && t == tag;

            public bool ReadAny(out Asn1 content, out int tag) => Next(out content, out tag, true);

            public bool ReadAnyElement(out Asn1 element, out int tag) => Next(out element, out tag, false);

            public bool SkipOptional(int tag) => !Peek(tag) || Read(tag, out _);

            // cryptobyte readASN1: a low tag number, a DER length (short form below 128, else 1 to 4 bytes without a
            // leading zero), and that many bytes present. A failed read leaves the window where it was.
            private bool Next(out Asn1 content, out int tag, bool skipHeader)
            {
                content = default;
                tag = 0;
                if (_end - _at < 2) return false;
                int first = _data[_at], lengthByte = _data[_at + 1];
                if ((first & 0x1F) == 0x1F) return false;
                tag = first;
                long length;
                int header;
                if ((lengthByte & 0x80) == 0)
                {
                    length = lengthByte;
                    header = 2;
                }
                else
                {
                    int count = lengthByte & 0x7F;
                    if (count == 0 || count > 4 || _end - _at < 2 + count) return false;
                    length = 0;
                    for (int i = 0; i < count; i++) length = length << 8 | _data[_at + 2 + i];
                    if (length < 128 || length >> ((count - 1) * 8) == 0) return false;
                    header = 2 + count;
                }
                if (length > _end - _at - header) return false;
                content = skipHeader ? new Asn1(_data, _at + header, (int)length) : new Asn1(_data, _at, header + (int)length);
                _at += header + (int)length;
                return true;
            }

            // cryptobyte checkASN1Integer: not empty, no redundant leading 0x00 or 0xFF.
            private static bool MinimalInteger(byte[] b) =>
                b.Length > 0 && !(b.Length > 1 && (b[0] == 0 && (b[1] & 0x80) == 0 || b[0] == 0xFF && (b[1] & 0x80) != 0));

            /// <summary>ReadASN1Integer into a big.Int: the sign of the value, and its two's complement bytes.</summary>
            public bool ReadBigInteger(out int sign, out byte[] bytes)
            {
                sign = 0;
                bytes = Array.Empty<byte>();
                var saved = this;
                if (!Read(Integer, out var content) || !MinimalInteger(bytes = content.Bytes()))
                {
                    this = saved;
                    return false;
                }
                sign = (bytes[0] & 0x80) != 0 ? -1 : bytes.Any(b => b != 0) ? 1 : 0;
                return true;
            }

            public bool ReadBigInteger(out int sign) => ReadBigInteger(out sign, out _);

            /// <summary>ReadASN1Integer into an int or int64 (asn1Signed: at most 8 bytes), or ReadASN1Int64WithTag.</summary>
            public bool ReadInt64(out long value, int tag = Integer)
            {
                value = 0;
                if (!Read(tag, out var content)) return false;
                var b = content.Bytes();
                if (!MinimalInteger(b) || b.Length > 8) return false;
                foreach (var x in b) value = value << 8 | x;
                int shift = 64 - b.Length * 8;
                value = shift == 64 ? 0 : value << shift >> shift;
                return true;
            }

            /// <summary>ReadASN1Integer into a uint (asn1Unsigned: not negative, at most 8 value bytes).</summary>
            public bool ReadUInt64(out ulong value)
            {
                value = 0;
                if (!Read(Integer, out var content)) return false;
                var b = content.Bytes();
                if (!MinimalInteger(b) || b.Length > 9 || b.Length == 9 && b[0] != 0 || (b[0] & 0x80) != 0) return false;
                foreach (var x in b) value = value << 8 | x;
                return true;
            }

            public bool ReadBoolean(out bool value)
            {
                value = false;
                if (!Read(Boolean, out var content)) return false;
                var b = content.Bytes();
                if (b.Length != 1 || b[0] != 0 && b[0] != 0xFF) return false;
                value = b[0] == 0xFF;
                return true;
            }

            /// <summary>ReadASN1BitString: a count of unused bits below 8, zero when empty, and those bits zero.</summary>
            public bool ReadBitString(out byte[] bytes, out int bitLength)
            {
                bytes = Array.Empty<byte>();
                bitLength = 0;
                if (!Read(BitString, out var content)) return false;
                var b = content.Bytes();
                if (b.Length == 0) return false;
                int padding = b[0];
                bytes = b.Skip(1).ToArray();
                if (padding > 7 || bytes.Length == 0 && padding != 0 || bytes.Length > 0 && (bytes[bytes.Length - 1] & ((1 << padding) - 1)) != 0) return false;
                bitLength = bytes.Length * 8 - padding;
                return true;
            }

            public bool ReadOid(out string dotted) => ReadOid(out dotted, out _);

            /// <summary>ReadASN1ObjectIdentifier: its dotted form (asn1.ObjectIdentifier.String) and its content bytes.</summary>
            public bool ReadOid(out string dotted, out byte[] content)
            {
                dotted = "";
                content = Array.Empty<byte>();
                if (!Read(ObjectIdentifier, out var element)) return false;
                content = element.Bytes();
                if (content.Length == 0) return false;
                var parts = new System.Collections.Generic.List<long>();
                int at = 0;
                bool firstComponent = true;
                while (at < content.Length)
                {
                    if (!Base128(content, ref at, out long v)) return false;
                    if (firstComponent)
                    {
                        parts.Add(v < 80 ? v / 40 : 2);
                        parts.Add(v < 80 ? v % 40 : v - 80);
                        firstComponent = false;
                    }
                    else parts.Add(v);
                }
                dotted = string.Join(".", parts.Select(p => p.ToString(CultureInfo.InvariantCulture)));
                return true;
            }

            // cryptobyte readBase128Int: at most 5 bytes, below 2^31, no leading 0x80, not cut short.
            private static bool Base128(byte[] s, ref int at, out long value)
            {
                value = 0;
                for (int i = 0; at < s.Length; i++)
                {
                    if (i == 5 || value >= 1 << (31 - 7)) return false;
                    value <<= 7;
                    byte b = s[at++];
                    if (i == 0 && b == 0x80) return false;
                    value |= (long)(b & 0x7F);
                    if ((b & 0x80) == 0) return true;
                }
                return false;
            }
        }
    }
}
