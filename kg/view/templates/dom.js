/* diplokg view, shared DOM helpers (loaded first; every other script takes them from kgDom).
 * Text is only ever written with textContent and attributes with setAttribute: nothing from the
 * data is parsed as HTML. */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";

  window.kgDom = {
    byId: function (id) { return document.getElementById(id); },

    /* An HTML element with an optional class and text. */
    el: function (tag, className, text) {
      var node = document.createElement(tag);
      if (className) { node.className = className; }
      if (text !== undefined && text !== null) { node.textContent = String(text); }
      return node;
    },

    /* An SVG element with the given attributes. */
    svg: function (tag, attrs) {
      var node = document.createElementNS(SVG, tag);
      Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
      return node;
    }
  };
}());
