// Hallmark CA console: small enhancements only. Every page works without this file; the CSP allows no other script.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // a file handed out once (a PKCS#12) is in the page as base64; this saves it without another request
  for (const button of document.querySelectorAll("[data-download-from]")) {
    const source = document.getElementById(button.dataset.downloadFrom);
    button.hidden = false;
    button.addEventListener("click", () => {
      const bytes = Uint8Array.from(atob(source.value.replace(/\s/g, "")), c => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: button.dataset.type }));
      const link = document.createElement("a");
      link.href = url;
      link.download = button.dataset.filename;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    });
  }
  for (const button of document.querySelectorAll("[data-copy-from]")) {
    const source = document.getElementById(button.dataset.copyFrom);
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(source.textContent);
        button.textContent = "Copied";
      } catch (e) {
        window.getSelection().selectAllChildren(source);
        button.textContent = "Selected: press Ctrl+C";
      }
    });
  }
});
