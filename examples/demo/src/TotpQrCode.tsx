import { useMemo } from 'react';
import { renderSVG } from 'uqr';

/** The otpauth:// URI as a QR code, for a phone's authenticator app to scan. */
export function TotpQrCode({ uri }: { uri: string }) {
  // An image, not markup put into the page: the SVG stays a picture.
  const src = useMemo(() => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(renderSVG(uri, { border: 2 }))}`, [uri]);
  return <img className="qr" src={src} alt="QR code of the authenticator key" data-testid="totp-qr" width={176} height={176} />;
}
