/**
 * Names the operating system knows Tandem by. `appId` must equal `appId` in `build/electron-builder.yml`:
 * Windows ties notifications and the taskbar to it (AppUserModelID), macOS the bundle id and its keychain items.
 */
export const appId = 'org.tandem.desktop';
export const productName = 'Tandem';
