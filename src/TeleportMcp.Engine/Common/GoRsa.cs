using System.Numerics;
using TeleportMcp.Engine.Rbac;

namespace TeleportMcp.Engine.Common
{
    /// <summary>
    /// Go's rsa.PrivateKey.Validate on the two-prime key go-jose builds from a JWK (jwk.go rsaPrivateKey @ v4.1.4), as Go 1.24,
    /// 1.25 and 1.26 run it: crypto/rsa/rsa.go precompute, then crypto/internal/fips140/rsa/rsa.go NewPrivateKey or
    /// NewPrivateKeyWithPrecomputation and checkPrivateKey, with bigmod's own errors. Go 1.24 and 1.25 give the same answers
    /// (their only difference is a FIPS-mode self-test Teleport's builds do not run); Go 1.26 also checks a given d against dP
    /// and dQ. Measured with Go 1.24.4, 1.25.12 and 1.26.11.
    /// </summary>
    internal static class GoRsa
    {
        /// <summary>The largest modulus whose key the module checks past Go's size-independent checks (16,384 bits: the largest RSA size in use).</summary>
        internal const int MaxModulusBits = 16384;

        /// <summary>The largest p for which the module computes q^(p-2) mod p as Go's newPrivateKey does (a 16,384-bit key's half).</summary>
        internal const int MaxPrimeBits = MaxModulusBits / 2;

        /// <summary>
        /// Go's error text, or null when Validate accepts the key; dp, dq and qi count only when all three are given. <paramref name="undecided"/>
        /// (and null) when the key passes every check whose cost does not grow with its size and n is over
        /// <see cref="MaxModulusBits"/> (or, without dp, dq and qi, p over <see cref="MaxPrimeBits"/>): Go's q^(p-2) mod p is cubic
        /// in p's size (minutes for a 100,000-bit modulus), so the rest is not computed and the answer is not known.
        /// </summary>
        internal static string? ValidateError(byte[] n, long e, byte[] d, byte[] p, byte[] q, byte[]? dp, byte[]? dq, byte[]? qi, GoRelease release, out bool undecided)
        {
            undecided = false;
            var N = Unsigned(n);
            var D = Unsigned(d);
            var P = Unsigned(p);
            var Q = Unsigned(q);
            // bigmod.NewModulus: N, P, Q; then d read into a value of N's size (Nat.SetBytes).
            if (N <= 1 || P <= 1 || Q <= 1) return "modulus must be > 1";
            if (SetBytesError(D, N) is { } dError) return dError;
            bool precomputed = dp != null && dq != null && qi != null;
            if (precomputed)
            {
                // rsa.go precompute: all three CRT values given -> NewPrivateKeyWithPrecomputation (qInv read into P's size).
                if (SetBytesError(Unsigned(qi!), P) is { } qiError) return qiError;
            }
            else
            {
                // NewPrivateKey -> newPrivateKey: the CRT values from d (bigmod.NewModulus of p-1 and q-1), then p odd. The
                // values computed there never fail, so they are computed below, after the checks that cost nothing.
                if (P - 1 <= 1 || Q - 1 <= 1) return "modulus must be > 1";
                if (P.IsEven) return "crypto/rsa: p is even";
            }
            // checkPrivateKey -> checkPublicKey.
            if (N.IsEven) return "crypto/rsa: public modulus is even";
            if (e < 2) return "crypto/rsa: public exponent too small or negative";
            if ((e & 1) == 0) return "crypto/rsa: public exponent is even";
            if (e > int.MaxValue) return "crypto/rsa: public exponent too large";
            if (P >= N || Q >= N) return "crypto/rsa: invalid prime";
            if (BitLength(N) > MaxModulusBits || !precomputed && BitLength(P) > MaxPrimeBits)
            {
                undecided = true;
                return null;
            }
            BigInteger dP, dQ, qInv;
            if (precomputed)
            {
                qInv = Unsigned(qi!);
                dP = Unsigned(dp!);
                dQ = Unsigned(dq!);
            }
            else
            {
                dP = D % (P - 1);
                dQ = D % (Q - 1);
                qInv = BigInteger.ModPow(Q % P, P - 2, P);
            }
            if (P * Q % N != 0) return "crypto/rsa: p * q != n";
            foreach (var (prime, exponent) in new[] { (P, dP), (Q, dQ) })
            {
                if (prime - 1 <= 1) return "crypto/rsa: invalid prime";
                if (exponent >= prime - 1) return "crypto/rsa: invalid CRT exponent";
                if (e * exponent % (prime - 1) != 1) return "crypto/rsa: invalid CRT exponent";
            }
            if (Q % P * qInv % P != 1) return "crypto/rsa: invalid CRT coefficient";
            // Go 1.26.11 fips140/rsa checkPrivateKey: d mod (p-1) and d mod (q-1) against the CRT exponents (equal by
            // construction when Go computed them from d).
            if (release >= GoRelease.Go126 && D % (P - 1) != dP) return "crypto/rsa: d does not match dP";
            if (release >= GoRelease.Go126 && D % (Q - 1) != dQ) return "crypto/rsa: d does not match dQ";
            if (P == Q) return "crypto/rsa: p == q";
            int half = BitLength(N) / 2;
            if (BitLength(BigInteger.Abs(P - Q)) <= half - 100) return "crypto/rsa: |p - q| too small";
            if (BitLength(D) <= half) return "crypto/rsa: d too small";
            return null;
        }

        // bigmod Nat.SetBytes: more 64-bit limbs than the modulus has is "input overflows the modulus size", a value not
        // below the modulus "input overflows the modulus".
        private static string? SetBytesError(BigInteger x, BigInteger m)
        {
            if (Limbs(x) > Limbs(m)) return "input overflows the modulus size";
            return x >= m ? "input overflows the modulus" : null;
        }

        private static int Limbs(BigInteger x) => (BitLength(x) + 63) / 64;

        internal static int BitLength(BigInteger x)
        {
            var bytes = x.ToByteArray();
            int top = bytes.Length - 1;
            while (top >= 0 && bytes[top] == 0) top--;
            if (top < 0) return 0;
            int bits = top * 8;
            for (int b = bytes[top]; b > 0; b >>= 1) bits++;
            return bits;
        }

        // big-endian unsigned bytes (go-jose byteBuffer.bigInt: big.Int SetBytes).
        internal static BigInteger Unsigned(byte[] bigEndian)
        {
            var little = new byte[bigEndian.Length + 1];
            for (int i = 0; i < bigEndian.Length; i++) little[i] = bigEndian[bigEndian.Length - 1 - i];
            return new BigInteger(little);
        }
    }
}
