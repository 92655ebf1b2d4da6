import { render, screen } from "@testing-library/react";
import { ConfirmDialog } from "./common";

beforeAll(() => {
  // jsdom opens no modal dialogs: opening sets the attribute, which is enough here.
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.setAttribute("open", "");
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.removeAttribute("open");
  };
});

const dialog = (danger: boolean) => (
  <ConfirmDialog open title="Isolate HOST-6?" confirmLabel="Isolate" danger={danger} onConfirm={() => undefined} onCancel={() => undefined}>
    <p>HOST-6 is cut off the network.</p>
  </ConfirmDialog>
);

describe("a confirmation", () => {
  it("of a dangerous action starts on Cancel", () => {
    render(dialog(true));
    expect(screen.getByRole("button", { name: "Cancel" })).toHaveFocus();
  });

  it("of anything else starts on the confirming button", () => {
    render(dialog(false));
    expect(screen.getByRole("button", { name: "Isolate" })).toHaveFocus();
  });
});
