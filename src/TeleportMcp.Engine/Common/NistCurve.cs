using System;
using System.Globalization;
using System.Numerics;

namespace TeleportMcp.Engine.Common
{
    /// <summary>
    /// The NIST prime curves go-jose takes for EC keys (y² = x³ − 3x + b over the prime p), and Go's IsOnCurve for them:
    /// both coordinates in [0, p) and the equation holds (crypto/elliptic; go-jose jwk.go ecPublicKey / ecPrivateKey).
    /// </summary>
    public sealed class NistCurve
    {
        // Parameters as Go's crypto/elliptic Params() prints them (P, B).
        public static readonly NistCurve P256 = new NistCurve("P-256", 32, 32,
            "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
            "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b");
        public static readonly NistCurve P384 = new NistCurve("P-384", 48, 48,
            "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
            "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef");
        public static readonly NistCurve P521 = new NistCurve("P-521", 66, 66,
            "1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            "51953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00");

        /// <summary>P-224: Go's crypto/x509 reads certificate keys on it; go-jose takes no JWK on it (not <see cref="Named"/>).</summary>
        public static readonly NistCurve P224 = new NistCurve("P-224", 28, 28,
            "ffffffffffffffffffffffffffffffff000000000000000000000001",
            "b4050a850c04b3abf54132565044b0b7d7bfd8ba270b39432355ffb4");

        private readonly BigInteger _p;
        private readonly BigInteger _b;

        private NistCurve(string name, int coordinateSize, int privateSize, string p, string b)
        {
            Name = name;
            CoordinateSize = coordinateSize;
            PrivateSize = privateSize;
            _p = Hex(p);
            _b = Hex(b);
        }

        public string Name { get; }

        /// <summary>The bytes of x and y in a JWK (go-jose curveSize: the field size).</summary>
        public int CoordinateSize { get; }

        /// <summary>The bytes of d in a JWK (go-jose dSize: from the bit length of P).</summary>
        public int PrivateSize { get; }

        /// <summary>The curve go-jose names so, or null (go-jose v4 takes these three only).</summary>
        public static NistCurve? Named(string? name) => name switch
        {
            "P-256" => P256,
            "P-384" => P384,
            "P-521" => P521,
            _ => null,
        };

        /// <summary>Whether the point (big-endian unsigned coordinates) lies on the curve.</summary>
        public bool IsOnCurve(byte[] x, byte[] y)
        {
            if (x == null) throw new ArgumentNullException(nameof(x));
            if (y == null) throw new ArgumentNullException(nameof(y));
            var bx = Unsigned(x);
            var by = Unsigned(y);
            if (bx >= _p || by >= _p) return false;
            var right = (BigInteger.ModPow(bx, 3, _p) - 3 * bx + _b) % _p;
            if (right.Sign < 0) right += _p;
            return BigInteger.ModPow(by, 2, _p) == right;
        }

        /// <summary>Whether a big-endian unsigned coordinate is a field element (below p), as nistec's SetBytes requires.</summary>
        public bool InField(byte[] coordinate)
        {
            if (coordinate == null) throw new ArgumentNullException(nameof(coordinate));
            return Unsigned(coordinate) < _p;
        }

        private static BigInteger Hex(string hex) => BigInteger.Parse("0" + hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

        // netstandard2.0's BigInteger reads little-endian two's complement: reversed, with a zero byte on top.
        private static BigInteger Unsigned(byte[] bigEndian)
        {
            var little = new byte[bigEndian.Length + 1];
            for (int i = 0; i < bigEndian.Length; i++) little[i] = bigEndian[bigEndian.Length - 1 - i];
            return new BigInteger(little);
        }
    }
}
