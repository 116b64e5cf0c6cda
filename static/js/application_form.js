/* The application form: only the fields of the chosen category, and one submission per click. */
// Show only the fields the chosen category uses; hidden fields keep their values and are still checked.
(function () {
  const category = document.getElementById("id_category");
  const only = {alimony_basis: ["alimony"], alimony_share: ["alimony"], obligation: ["non_property"],
                amount_kzt: ["private_claim", "alimony", "state_claim"]};
  function update() {
    Object.entries(only).forEach(function ([name, categories]) {
      const wrapper = document.querySelector('[data-field="' + name + '"]');
      if (!wrapper) return;
      const hasError = wrapper.querySelector(".invalid-feedback");
      wrapper.hidden = category.value !== "" && !categories.includes(category.value) && !hasError;
    });
  }
  category.addEventListener("change", update);
  update();
})();
// One submission per click: a double click must not send the form twice.
document.getElementById("application-form").addEventListener("submit", function (event) {
  if (this.dataset.sent) { event.preventDefault(); return; }
  this.dataset.sent = "1";
  const clicked = event.submitter;
  if (clicked) {
    const hidden = document.createElement("input");
    hidden.type = "hidden"; hidden.name = clicked.name; hidden.value = clicked.value;
    this.appendChild(hidden);
  }
  this.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
});
