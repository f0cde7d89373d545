import { highlightCode, inlineCodeColours, NEUTRAL_CODE_COLOURS } from '../../../lambdas/content/highlightCode';

// WCAG 2.x relative luminance and contrast ratio.
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('highlightCode', () => {
  it.each([
    ['go', 'func main() {}', '<span class="hl-keyword">func</span> <span class="hl-title">main</span>'],
    ['python', 'def f(): pass', '<span class="hl-keyword">def</span> <span class="hl-title">f</span>'],
    ['ruby', 'puts "hi" # x', 'puts <span class="hl-string">&quot;hi&quot;</span> <span class="hl-comment"># x</span>'],
    ['rb', 'nil', '<span class="hl-number">nil</span>'],
    ['toml', 'a = 1', '<span class="hl-number">a</span> = <span class="hl-number">1</span>'],
    ['sh', 'echo $HOME', '<span class="hl-type">echo</span> <span class="hl-number">$HOME</span>'],
  ])('highlights %s with one class per token kind', (language, code, expected) => {
    // Act & Assess
    expect(highlightCode(code, language)).toContain(expected);
  });

  it('answers undefined for a language it does not know, so the code stays plain', () => {
    // Act & Assess
    expect(highlightCode('x', 'klingon')).toBeUndefined();
    expect(highlightCode('x', '')).toBeUndefined();
  });

  it('escapes the code it highlights', () => {
    // Act & Assess
    expect(highlightCode('a < b && c', 'javascript')).toBe('a &lt; b &amp;&amp; c');
  });
});

describe('inlineCodeColours', () => {
  it('turns token classes into inline colours and leaves other spans alone', () => {
    // Act & Assess
    expect(inlineCodeColours('<span class="hl-keyword">let</span> <span class="note">x</span>')).toBe('<span style="color:#d23c4a">let</span> <span class="note">x</span>');
  });

  it.each(Object.entries(NEUTRAL_CODE_COLOURS))('colours %s readably on light and dark backgrounds alike', (_kind, style) => {
    // Prepare
    const colour = /color:(#[0-9a-f]{6})/.exec(style)![1]!;

    // Act & Assess: 3:1 is WCAG's floor for large text; code tokens sit beside default-coloured text
    for (const background of ['#ffffff', '#151517', '#202124']) expect(contrast(colour, background)).toBeGreaterThanOrEqual(3.4);
  });
});
