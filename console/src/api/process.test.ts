import { feedScores } from "./process";

describe("feed scores", () => {
  it("are read from a document's alliance_score_<feed> keys, highest first, numbers or numeric text alike", () => {
    const doc = { md5: "X", alliance_score_tor: "40", alliance_score_virustotal: 75, alliance_score_abusech: 40, alliance_score_broken: "n/a", alliance_score_empty: "" };
    expect(feedScores(doc)).toEqual([
      { feed: "virustotal", score: 75 },
      { feed: "abusech", score: 40 },
      { feed: "tor", score: 40 },
    ]);
    expect(feedScores({ process_name: "cmd.exe" })).toEqual([]);
  });
});
