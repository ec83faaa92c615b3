/**
 * Resource data in Graph change notifications ("Set up change notifications that include resource
 * data"): Graph makes a symmetric key per notification, encrypts the resource (JSON) with it
 * ("AES/CBC/PKCS5PADDING", the initialisation vector being the key's first 16 bytes), signs the
 * encrypted bytes ("Base64-encoded HMAC-SHA256 hash of the data"), and sends the key encrypted
 * with our certificate's public key ("RSA/ECB/OAEPWithSHA1AndMGF1Padding").
 *
 * We decrypt the key with our private key, check the signature before anything else (in constant
 * time), and only then decrypt the data.
 */
import {
  X509Certificate,
  constants,
  createDecipheriv,
  createHmac,
  createPrivateKey,
  privateDecrypt,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';

export interface EncryptedContent {
  readonly data: string;
  readonly dataKey: string;
  readonly dataSignature: string;
  readonly encryptionCertificateId: string;
  readonly encryptionCertificateThumbprint?: string;
}

/** Refused notification content: wrong certificate, bad signature, undecryptable data. */
export class NotificationDecryptError extends Error {
  override name = 'NotificationDecryptError';
}

/** Our certificate (what the subscription sends) and its private key (what decrypts). */
export class NotificationCertificate {
  /** Base64 DER, the subscription's `encryptionCertificate`. */
  readonly base64Der: string;
  /** SHA-1 thumbprint, hex upper case without colons. */
  readonly thumbprint: string;
  private readonly privateKey: KeyObject;

  constructor(
    certificatePem: string,
    keyPem: string,
    /** The subscription's `encryptionCertificateId`, echoed in every notification. */
    readonly id: string,
  ) {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(certificatePem);
      this.privateKey = createPrivateKey(keyPem);
    } catch (error) {
      throw new TypeError(`notification certificate or key unreadable: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (certificate.publicKey.asymmetricKeyType !== 'rsa' || this.privateKey.asymmetricKeyType !== 'rsa') {
      throw new TypeError('the notification certificate must hold an RSA key (Graph encrypts with RSA-OAEP)');
    }
    if (!certificate.checkPrivateKey(this.privateKey)) {
      throw new TypeError('the notification key does not belong to the notification certificate');
    }
    this.base64Der = certificate.raw.toString('base64');
    this.thumbprint = certificate.fingerprint.replace(/:/g, '').toUpperCase();
  }

  /** The resource as JSON, or NotificationDecryptError. */
  decrypt(content: EncryptedContent): unknown {
    if (!content || typeof content !== 'object') throw new NotificationDecryptError('no encrypted content');
    if (content.encryptionCertificateId !== this.id) {
      throw new NotificationDecryptError(
        `encrypted for certificate ${String(content.encryptionCertificateId)}`,
      );
    }
    for (const field of ['data', 'dataKey', 'dataSignature'] as const) {
      if (typeof content[field] !== 'string' || content[field] === '') {
        throw new NotificationDecryptError(`encrypted content without ${field}`);
      }
    }
    let key: Buffer;
    try {
      key = privateDecrypt(
        { key: this.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
        Buffer.from(content.dataKey, 'base64'),
      );
    } catch {
      throw new NotificationDecryptError('the data key does not decrypt with our private key');
    }
    if (key.length !== 32) throw new NotificationDecryptError(`a ${key.length}-byte data key (expected 32)`);
    const encrypted = Buffer.from(content.data, 'base64');
    const expected = createHmac('sha256', key).update(encrypted).digest();
    const received = Buffer.from(content.dataSignature, 'base64');
    if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
      throw new NotificationDecryptError('the data signature does not match');
    }
    let plain: string;
    try {
      const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
      plain = Buffer.concat([decipher.update(encrypted), decipher.final()]).toString('utf8');
    } catch {
      throw new NotificationDecryptError('the data does not decrypt');
    }
    try {
      return JSON.parse(plain);
    } catch {
      throw new NotificationDecryptError('the decrypted data is not JSON');
    }
  }
}
