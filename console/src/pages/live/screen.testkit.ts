// A small terminal screen for tests: enough of what xterm.js does with the sequences the shell writes (printing with
// wrap at the right edge, CR, LF, cursor moves, erase in line and display) to check what an analyst would see.
export class Screen {
  private rows: string[][] = [[]];
  row = 0;
  col = 0;

  constructor(readonly cols = 80) {}

  private line(r: number): string[] {
    while (this.rows.length <= r) this.rows.push([]);
    return this.rows[r];
  }

  write(data: string) {
    for (let i = 0; i < data.length; i++) {
      const ch = data[i];
      if (ch === "\x1b" && data[i + 1] === "[") {
        const m = /^\x1b\[([0-9;?]*)([A-Za-z~])/.exec(data.slice(i));
        if (!m) continue;
        i += m[0].length - 1;
        this.csi(m[1], m[2]);
        continue;
      }
      if (ch === "\r") this.col = 0;
      else if (ch === "\n") this.row++;
      else if (ch === "\x07" || ch === "\b") continue;
      else {
        if (this.col >= this.cols) {
          this.row++;
          this.col = 0;
        }
        const l = this.line(this.row);
        while (l.length < this.col) l.push(" ");
        l[this.col] = ch;
        this.col++;
      }
    }
  }

  private csi(params: string, final: string) {
    const n = Number(params.split(";")[0]) || 0;
    const clampCol = () => (this.col = Math.min(this.col, this.cols - 1));
    switch (final) {
      case "A":
        this.row = Math.max(0, this.row - (n || 1));
        clampCol();
        break;
      case "B":
        this.row += n || 1;
        clampCol();
        break;
      case "C":
        this.col = Math.min(this.cols - 1, this.col + (n || 1));
        break;
      case "D":
        this.col = Math.max(0, Math.min(this.col, this.cols - 1) - (n || 1));
        break;
      case "H":
        this.row = 0;
        this.col = 0;
        break;
      case "J":
        if (n === 0) {
          this.line(this.row).length = Math.min(this.line(this.row).length, this.col);
          this.rows.length = Math.min(this.rows.length, this.row + 1);
        } else {
          this.rows = [[]];
        }
        break;
      case "K":
        if (n === 2) this.rows[this.row] = [];
        else this.line(this.row).length = Math.min(this.line(this.row).length, this.col);
        break;
      default:
        break; // colours and the rest change nothing visible here
    }
  }

  lines(): string[] {
    const out = this.rows.map((r) => r.join("").replace(/\s+$/, ""));
    while (out.length > 0 && out[out.length - 1] === "") out.pop();
    return out;
  }

  text(): string {
    return this.lines().join("\n");
  }

  /** The cursor as a position in the text: row and column. */
  cursor(): [number, number] {
    return [this.row, Math.min(this.col, this.cols)];
  }
}
