/**
 * The colours and type of every mail, light and dark. Each pair meets WCAG AA
 * (4.5:1) on its own background: light values inline (clients without
 * `<style>` show those), dark ones from the `<style>` block's
 * `prefers-color-scheme` rule, as Apple Mail and Outlook.com apply it.
 */
export const MAIL_COLOURS = {
  light: { background: '#ffffff', text: '#1d1d1f', muted: '#5f6368', link: '#0b57d0', button: '#0b57d0', buttonText: '#ffffff', code: '#f3f3f1', rule: '#dadce0' },
  dark: { background: '#161618', text: '#e8e6e3', muted: '#a9a9ae', link: '#8ab4f8', button: '#8ab4f8', buttonText: '#161618', code: '#26262a', rule: '#3c3c40' },
} as const;

/** One family for every word of a mail: the reader's system sans-serif, as on the site. */
export const MAIL_FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

/** Code only. */
export const MAIL_MONO_FONT = "ui-monospace,SFMono-Regular,Menlo,Consolas,'Liberation Mono',monospace";
