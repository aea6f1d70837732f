using System;
using System.Collections.Generic;
using System.Numerics;
using TeleportMcp.Engine.Json;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// go-jose v4.1.4 jwk.go rsaPrivateKey calls rsa.PrivateKey.Validate, so an RSA JWK with d that Go refuses fails the whole
    /// static_jwks set. Each row's text was measured: the key decoded in a JWK set by go-jose v4.1.4 built with Go 1.24.4,
    /// with Go 1.25.12 (the same answer from both) and with Go 1.26.11 (the same but for a d that does not match the dP given:
    /// both texts, as v19's Go is 1.25 or 1.26), keys made to hit each check of crypto/rsa precompute and
    /// crypto/internal/fips140/rsa checkPrivateKey (null: Go takes the key).
    /// </summary>
    public class GoRsaValidateTests
    {
        public static IEnumerable<object[]> Keys()
        {
            yield return new object[] { "valid", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\"}", null };
            yield return new object[] { "valid-crt", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\", \"dp\": \"X2Bq1d0fhBWqhWWxf4S_cC6YvMMyr0ZRbdEx93zfTY8\", \"dq\": \"eoqSN-UfZvt-erdsX9m5DXwjAmlisGtMHwARoUFQDsE\", \"qi\": \"RogvQfrDr7nUu9vbQ-9XQtIr0dk4E8c5y2ZTSzx8mjA\"}", null };
            yield return new object[] { "valid-only-dp", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\", \"dp\": \"X2Bq1d0fhBWqhWWxf4S_cC6YvMMyr0ZRbdEx93zfTY8\"}", null };
            yield return new object[] { "valid-swapped-pq", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\", \"q\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\"}", null };
            yield return new object[] { "n-plus-2", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfqQ\", \"e\": \"AQAB\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\"}", "crypto/rsa: p * q != n" };
            yield return new object[] { "n-even", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfqA\", \"e\": \"AQAB\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\"}", "crypto/rsa: public modulus is even" };
            yield return new object[] { "n-one", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"AQ\", \"e\": \"AQAB\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\"}", "modulus must be > 1" };
            yield return new object[] { "n-zero", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"\", \"e\": \"AQAB\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\"}", "modulus must be > 1" };
            yield return new object[] { "e-1", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQ\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\"}", "crypto/rsa: public exponent too small or negative" };
            yield return new object[] { "e-4", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"BA\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\"}", "crypto/rsa: public exponent is even" };
            yield return new object[] { "e-2^31+1", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"gAAAAQ\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\"}", "crypto/rsa: public exponent too large" };
            yield return new object[] { "e-2^31-1", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"f____w\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\"}", "crypto/rsa: invalid CRT exponent" };
            yield return new object[] { "e-2^64+65537", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAAAAAAAQAB\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\"}", null };
            yield return new object[] { "e-2^63+1", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"gAAAAAAAAAE\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\"}", "crypto/rsa: public exponent too small or negative" };
            yield return new object[] { "e-3-d-for-65537", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"Aw\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\"}", "crypto/rsa: invalid CRT exponent" };
            yield return new object[] { "d-plus-1", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowg\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\"}", "crypto/rsa: invalid CRT exponent" };
            yield return new object[] { "d-plus-lambda", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"GK0Wv0gBisz7ZRsWkRVB2uDUHkAjvLLv8xLnboZqqDXDDqCVs69Kq36h8ilHHCWXg-HXGck5PrLTumReKr-2gQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\"}", null };
            yield return new object[] { "d-ge-n", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfrA\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\"}", "input overflows the modulus" };
            yield return new object[] { "d-eq-n", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\"}", "input overflows the modulus" };
            yield return new object[] { "d-longer", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpwAAAAAAAAAAAAA\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\"}", "input overflows the modulus size" };
            yield return new object[] { "d-small-crt", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"Aw\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\", \"dp\": \"X2Bq1d0fhBWqhWWxf4S_cC6YvMMyr0ZRbdEx93zfTY8\", \"dq\": \"eoqSN-UfZvt-erdsX9m5DXwjAmlisGtMHwARoUFQDsE\", \"qi\": \"RogvQfrDr7nUu9vbQ-9XQtIr0dk4E8c5y2ZTSzx8mjA\"}", "crypto/rsa: d too small (Go 1.25.12's crypto/rsa; Go 1.26.11's: crypto/rsa: d does not match dP)" };
            yield return new object[] { "d-small", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"MDk\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\"}", "crypto/rsa: invalid CRT exponent" };
            yield return new object[] { "d-zero-crt", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\", \"dp\": \"X2Bq1d0fhBWqhWWxf4S_cC6YvMMyr0ZRbdEx93zfTY8\", \"dq\": \"eoqSN-UfZvt-erdsX9m5DXwjAmlisGtMHwARoUFQDsE\", \"qi\": \"RogvQfrDr7nUu9vbQ-9XQtIr0dk4E8c5y2ZTSzx8mjA\"}", "crypto/rsa: d too small (Go 1.25.12's crypto/rsa; Go 1.26.11's: crypto/rsa: d does not match dP)" };
            yield return new object[] { "dp-wrong", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\", \"dp\": \"X2Bq1d0fhBWqhWWxf4S_cC6YvMMyr0ZRbdEx93zfTZE\", \"dq\": \"eoqSN-UfZvt-erdsX9m5DXwjAmlisGtMHwARoUFQDsE\", \"qi\": \"RogvQfrDr7nUu9vbQ-9XQtIr0dk4E8c5y2ZTSzx8mjA\"}", "crypto/rsa: invalid CRT exponent" };
            yield return new object[] { "dq-wrong", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\", \"dp\": \"X2Bq1d0fhBWqhWWxf4S_cC6YvMMyr0ZRbdEx93zfTY8\", \"dq\": \"eoqSN-UfZvt-erdsX9m5DXwjAmlisGtMHwARoUFQDsM\", \"qi\": \"RogvQfrDr7nUu9vbQ-9XQtIr0dk4E8c5y2ZTSzx8mjA\"}", "crypto/rsa: invalid CRT exponent" };
            yield return new object[] { "dp-ge-p-1", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\", \"dp\": \"AQg39YuTYJgqwtIgo7YJvlvmjHrD7VnuCgodOyB-Ggj1\", \"dq\": \"eoqSN-UfZvt-erdsX9m5DXwjAmlisGtMHwARoUFQDsE\", \"qi\": \"RogvQfrDr7nUu9vbQ-9XQtIr0dk4E8c5y2ZTSzx8mjA\"}", "crypto/rsa: invalid CRT exponent" };
            yield return new object[] { "dp-empty", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\", \"dp\": \"\", \"dq\": \"eoqSN-UfZvt-erdsX9m5DXwjAmlisGtMHwARoUFQDsE\", \"qi\": \"RogvQfrDr7nUu9vbQ-9XQtIr0dk4E8c5y2ZTSzx8mjA\"}", "crypto/rsa: invalid CRT exponent" };
            yield return new object[] { "qi-wrong", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\", \"dp\": \"X2Bq1d0fhBWqhWWxf4S_cC6YvMMyr0ZRbdEx93zfTY8\", \"dq\": \"eoqSN-UfZvt-erdsX9m5DXwjAmlisGtMHwARoUFQDsE\", \"qi\": \"RogvQfrDr7nUu9vbQ-9XQtIr0dk4E8c5y2ZTSzx8mjE\"}", "crypto/rsa: invalid CRT coefficient" };
            yield return new object[] { "qi-ge-p", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\", \"dp\": \"X2Bq1d0fhBWqhWWxf4S_cC6YvMMyr0ZRbdEx93zfTY8\", \"dq\": \"eoqSN-UfZvt-erdsX9m5DXwjAmlisGtMHwARoUFQDsE\", \"qi\": \"71-597EEw87tCJbNenRWLoofj9nyvm7yZ7JcdD23VZc\"}", "input overflows the modulus" };
            yield return new object[] { "qi-longer", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\", \"dp\": \"X2Bq1d0fhBWqhWWxf4S_cC6YvMMyr0ZRbdEx93zfTY8\", \"dq\": \"eoqSN-UfZvt-erdsX9m5DXwjAmlisGtMHwARoUFQDsE\", \"qi\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2cAAAAAAAAAAAAA\"}", "input overflows the modulus size" };
            yield return new object[] { "qi-zero", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\", \"dp\": \"X2Bq1d0fhBWqhWWxf4S_cC6YvMMyr0ZRbdEx93zfTY8\", \"dq\": \"eoqSN-UfZvt-erdsX9m5DXwjAmlisGtMHwARoUFQDsE\", \"qi\": \"\"}", "crypto/rsa: invalid CRT coefficient" };
            yield return new object[] { "p-eq-q", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"b1ubiMeV9STOwUNgM0pdklzlSL5LM8uRsMULq2T2Z0PEE6oVnJhybwYYGQPXUBGyNqNKnl_l_fxTJsfuQdujcQ\", \"e\": \"AQAB\", \"d\": \"AZAvpsPmfwJ9RIlFmHK6zYswTM0fESMScIDToRxRuTFf-IAYQIuJb4m_CRsGPtOMpcqhFrVzF8rrjjaPXlDj8Q\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\"}", "crypto/rsa: invalid CRT coefficient" };
            yield return new object[] { "p-close-q", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"b1ubiMeV9STOwUNgM0pdklzlSL5LM8uRsMULq2T2Z6K9UbBMITO-TLFBQUKCH3ZJr74rB1_kVdQ96-7-8uUNYQ\", \"e\": \"AQAB\", \"d\": \"C2WENaDmKM2-DTXAhtnxrp-BkGAioSfl1AID5OQd0FL1tDwGiueb1mcgBREEC7ZPzFcZLXv-bD2-bKvqf7w5Iw\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u_c\"}", "crypto/rsa: |p - q| too small" };
            yield return new object[] { "p-1", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"AQ\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\"}", "modulus must be > 1" };
            yield return new object[] { "p-2", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"eoqSN-UfZvt-erdsX9m5DXwjAmlisGtMHwARoUFQDsE\", \"p\": \"Ag\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\"}", "modulus must be > 1" };
            yield return new object[] { "p-4", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"eoqSN-UfZvt-erdsX9m5DXwjAmlisGtMHwARoUFQDsE\", \"p\": \"BA\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\"}", "crypto/rsa: p is even" };
            yield return new object[] { "p-empty", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\"}", "modulus must be > 1" };
            yield return new object[] { "p-ge-n", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"UhNwT-iBFy8kcNPnqQLQkdoMUhlRMmFEfa7Bi_7cqSUPymy-fhU-3JmH_jiwZbJ9eIKnCTJvWda6jIuNLO7pydbqVTCCLvGivPUsVC6RM_83w0MG4-l6oy_nroj-OsE\", \"p\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfqQ\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\"}", "input overflows the modulus size" };
            yield return new object[] { "p-even-crt", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2g\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\", \"dp\": \"X2Bq1d0fhBWqhWWxf4S_cC6YvMMyr0ZRbdEx93zfTY8\", \"dq\": \"eoqSN-UfZvt-erdsX9m5DXwjAmlisGtMHwARoUFQDsE\", \"qi\": \"RogvQfrDr7nUu9vbQ-9XQtIr0dk4E8c5y2ZTSzx8mjA\"}", "crypto/rsa: p * q != n" };
            yield return new object[] { "p-composite", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"Np9G5noxBB_tDIa6PPktv77dt4tAui4auax6i4HrJnSlBlo1t0u1jeeZ9IJSTHufRPMk00osO86DNoPjJ52sQQ\", \"p\": \"AfqGoCEiwzw_SOYw1qOO_MMn2zoCL__3KdTkG3sDsDI1\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\"}", "crypto/rsa: invalid CRT coefficient" };
            yield return new object[] { "q-2", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"X2Bq1d0fhBWqhWWxf4S_cC6YvMMyr0ZRbdEx93zfTY8\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"Ag\"}", "modulus must be > 1" };
            yield return new object[] { "p-ge-n-d-ok", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfqQ\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\"}", "crypto/rsa: invalid prime" };
            yield return new object[] { "q-eq-n-d-ok", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\"}", "crypto/rsa: invalid prime" };
            yield return new object[] { "small-61-53", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"DKE\", \"e\": \"EQ\", \"d\": \"CsE\", \"p\": \"PQ\", \"q\": \"NQ\"}", null };
            yield return new object[] { "small-61-53-crt", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"DKE\", \"e\": \"EQ\", \"d\": \"CsE\", \"p\": \"PQ\", \"q\": \"NQ\", \"dp\": \"NQ\", \"dq\": \"MQ\", \"qi\": \"Jg\"}", null };
            yield return new object[] { "512-valid", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"t2IArtJoPgUs15GikXsvZdtRxPAXjzY87I9drjo7u2u_GqD1o0EQjNojeuE5hKYawN895W7if4OeWsn2Elw_TQ\", \"e\": \"AQAB\", \"d\": \"C2X2h-dBHnXA40dElQlUmV6n9vc7Z6Xl5IhGuOEavFvrXjf338ZcGkKWl5Zz53CPFJWKFSaPkRcgApJfuAdSCw\", \"p\": \"_EDPMpJI1nST0VaZ9OQTjaoYiuajmtooPeQsbOUx618\", \"q\": \"uhtQe8jXDWeCsWds-ckMD6QTfE7ZkEELPis9ZVRQwNM\"}", null };
            yield return new object[] { "32-valid", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"roJ00w\", \"e\": \"AQAB\", \"d\": \"Er_JJQ\", \"p\": \"1KU\", \"q\": \"0hc\"}", null };
            yield return new object[] { "32-valid-crt", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"roJ00w\", \"e\": \"AQAB\", \"d\": \"Er_JJQ\", \"p\": \"1KU\", \"q\": \"0hc\", \"dp\": \"a50\", \"dq\": \"opU\", \"qi\": \"OEA\"}", null };
            yield return new object[] { "e-gt-p", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"DKE\", \"e\": \"AQAB\", \"d\": \"AZ0\", \"p\": \"PQ\", \"q\": \"NQ\"}", null };
            yield return new object[] { "pq-wrong-n-ok-crt-wrong", "{\"kty\": \"RSA\", \"kid\": \"k\", \"alg\": \"RS256\", \"n\": \"W8ilHYyBMiNlYZ6BEgS9j1JBNBTQurDeZ10ToV-zpzpCKGPGL59uuuu-ZX_oLU9jCQgEFTjmNABKbfGZoyBfpw\", \"e\": \"AQAB\", \"d\": \"CWD7OltBV8cVKitWY2nM7ahz6udWSEAgNy4O06EiDFbrXXa0t14vEnmAE4-antXharlXD3qr2z7w499sk8fowQ\", \"p\": \"qNeKtbZBFBUYTLryNoT-67fzvgC6qqe4nEwJKQE6u2c\", \"q\": \"iyndyo93tQ-0pnLzprhyMrohRdam6zeQXRrKxxgW0cE\", \"dp\": \"AQ\", \"dq\": \"AQ\", \"qi\": \"AQ\"}", "crypto/rsa: invalid CRT exponent" };
        }

        [Theory]
        [MemberData(nameof(Keys))]
        public void A_private_RSA_key_is_checked_as_Go_validates_it(string name, string jwk, string expected)
        {
            var key = (TeleportMcp.Engine.Documents.DocMap)JsonParser.TryParse(jwk, out var error)!;
            Assert.True(error == null, name);
            Assert.Equal(expected, AppAuthConfigRules.JoseKeyProblem(key));
        }

        private static string B64(BigInteger x) => Convert.ToBase64String(x.ToByteArray(isUnsigned: true, isBigEndian: true)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        private static BigInteger Odd(Random random, int bits)
        {
            var bytes = new byte[(bits + 7) / 8 + 1];
            random.NextBytes(bytes);
            bytes[bytes.Length - 1] = 0;
            bytes[bytes.Length - 2] &= (byte)(0xFF >> (8 * (bytes.Length - 1) - bits));
            bytes[bytes.Length - 2] |= (byte)(0x80 >> (8 * (bytes.Length - 1) - bits));
            bytes[0] |= 1;
            return new BigInteger(bytes);
        }

        private static BigInteger Inverse(BigInteger a, BigInteger m)
        {
            BigInteger r0 = m, r1 = a % m, t0 = 0, t1 = 1;
            while (!r1.IsZero)
            {
                var quotient = BigInteger.DivRem(r0, r1, out var rest);
                (r0, r1) = (r1, rest);
                (t0, t1) = (t1, t0 - quotient * t1);
            }
            return t0 < 0 ? t0 + m : t0;
        }

        /// <summary>
        /// An RSA JWK with d whose two factors are odd numbers of <paramref name="primeBits"/> bits (not primes: the checks the
        /// module makes before the size bound do not need them prime), e = 65537 and d its inverse modulo lcm(p-1, q-1).
        /// </summary>
        internal static string LargePrivateKey(string kid, int primeBits, int seed = 7)
        {
            var random = new Random(seed);
            BigInteger e = 65537, p = Odd(random, primeBits), q = Odd(random, primeBits);
            while ((p - 1) % e == 0) p += 2;
            while ((q - 1) % e == 0) q += 2;
            var lcm = (p - 1) * (q - 1) / BigInteger.GreatestCommonDivisor(p - 1, q - 1);
            return "{\"kty\": \"RSA\", \"kid\": \"" + kid + "\", \"alg\": \"RS256\", \"n\": \"" + B64(p * q) + "\", \"e\": \"AQAB\", \"d\": \"" + B64(Inverse(e, lcm)) +
                   "\", \"p\": \"" + B64(p) + "\", \"q\": \"" + B64(q) + "\"}";
        }

        [Theory]
        [InlineData(8193)]
        [InlineData(50000)]
        public void A_private_key_too_large_to_finish_is_no_known_problem(int primeBits)
        {
            // Go's newPrivateKey computes q^(p-2) mod p, cubic in p's size: a 100,000-bit modulus took minutes here before.
            var key = (TeleportMcp.Engine.Documents.DocMap)JsonParser.TryParse(LargePrivateKey("big", primeBits), out var error)!;
            Assert.Null(error);
            Assert.Null(AppAuthConfigRules.JoseKeyProblem(key));
        }

        [Fact]
        public void A_large_key_is_still_checked_by_what_costs_nothing()
        {
            // e = 4: Go's checkPublicKey refuses it before any value of the key's size is computed.
            var jwk = LargePrivateKey("big", 50000);
            var key = (TeleportMcp.Engine.Documents.DocMap)JsonParser.TryParse(jwk.Replace("\"e\": \"AQAB\"", "\"e\": \"BA\""), out _)!;
            Assert.Equal("crypto/rsa: public exponent is even", AppAuthConfigRules.JoseKeyProblem(key));
        }
    }
}
