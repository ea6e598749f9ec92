// The check page: send a document to /api/check, show it with every flagged name marked, let a
// person accept or reject each fix, and download the document with only the accepted fixes
// (/api/fix). Every text from a document or the lexicon reaches the page through textContent,
// never as markup.
(function () {
  'use strict';

  var form = document.getElementById('check-form');
  var textArea = document.getElementById('text');
  var fileInput = document.getElementById('file');
  var drop = document.getElementById('drop');
  var formatSelect = document.getElementById('format');
  var maxUpload = Number(form.dataset.maxUpload);

  var state = {
    file: null,         // the dropped or chosen file, or null for pasted text
    sent: null,         // what was checked: {text, file, format}
    findings: [],
    fixable: [],
    entities: {},
    decisions: [],      // per finding: '' | 'accepted' | 'rejected'
    marks: [],          // per finding: its <mark> element
    current: -1,
    explanations: {},   // by spelling: the lines of `match --explain`
    generation: 0,      // which check the records on their way belong to
    done: false,        // the whole answer has come
    text: '',           // the text the findings index into
    shownTo: 0,         // how much of it is shown (UTF-16 units)
    block: null,        // the block of lines the next piece goes on in
    problems: []
  };

  function byId(id) { return document.getElementById(id); }

  function showError(message) {
    var box = byId('error');
    box.textContent = message;
    box.hidden = !message;
  }

  // --- the document to send --------------------------------------------------------------

  function setFile(file) {
    state.file = file;
    byId('file-name').textContent = file ? file.name + ' (' + Math.ceil(file.size / 1024) + ' KB)' : '';
    byId('clear-file').hidden = !file;
    textArea.disabled = !!file;
    if (!file) { fileInput.value = ''; }
  }

  fileInput.addEventListener('change', function () { setFile(fileInput.files[0] || null); });
  byId('clear-file').addEventListener('click', function () { setFile(null); });
  ['dragenter', 'dragover'].forEach(function (name) {
    drop.addEventListener(name, function (event) { event.preventDefault(); drop.classList.add('over'); });
  });
  ['dragleave', 'drop'].forEach(function (name) {
    drop.addEventListener(name, function () { drop.classList.remove('over'); });
  });
  drop.addEventListener('drop', function (event) {
    event.preventDefault();
    if (event.dataTransfer.files.length) { setFile(event.dataTransfer.files[0]); }
  });

  // The body of a request about the checked document, with `extra` fields.
  function requestFor(sent, extra) {
    if (sent.file) {
      var data = new FormData();
      data.append('file', sent.file, sent.file.name);
      if (sent.format) { data.append('format', sent.format); }
      Object.keys(extra).forEach(function (key) { data.append(key, JSON.stringify(extra[key])); });
      return { method: 'POST', body: data };
    }
    var fields = { text: sent.text };
    if (sent.format) { fields.format = sent.format; }
    Object.keys(extra).forEach(function (key) { fields[key] = extra[key]; });
    return { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(fields) };
  }

  // Fetch, and turn an error answer into an Error with the server's message.
  function send(path, request) {
    return fetch(path, request).then(function (response) {
      if (response.ok) { return response; }
      return response.json().then(function (answer) {
        throw new Error(answer.error || ('error ' + response.status));
      }, function () { throw new Error('error ' + response.status); });
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    showError('');
    var sent = { text: textArea.value, file: state.file, format: formatSelect.value };
    if (sent.file && sent.file.size > maxUpload) {
      showError(sent.file.name + ' is larger than the limit of ' + form.dataset.maxUploadText + '.');
      return;
    }
    if (!sent.file && !sent.text.trim()) { showError('Paste some copy or choose a file first.'); return; }
    var button = byId('check-button');
    button.disabled = true;
    button.textContent = 'Checking…';
    var generation = ++state.generation;
    send('/api/check', requestFor(sent, { stream: true }))
      .then(function (response) {
        startResults(sent);
        return readRecords(response, function (record) {
          if (generation === state.generation) { take(record); }
        });
      })
      .catch(function (error) { showError(error.message); })
      .then(function () {
        button.disabled = false;
        button.textContent = 'Check';
      });
  });

  textArea.addEventListener('input', function () {
    if (state.sent && !state.sent.file) {
      byId('download-status').textContent = 'The text changed since it was checked: check it again before downloading.';
      byId('download').disabled = true;
    }
  });

  // The answer comes as one JSON record a line, piece by piece of the document.
  function readRecords(response, onRecord) {
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var buffer = '';
    function pump() {
      return reader.read().then(function (step) {
        buffer += decoder.decode(step.value || new Uint8Array(0), { stream: !step.done });
        var lines = buffer.split('\n');
        buffer = lines.pop();
        lines.forEach(function (line) { if (line) { onRecord(JSON.parse(line)); } });
        if (!step.done) { return pump(); }
        if (buffer) { onRecord(JSON.parse(buffer)); }
      });
    }
    return pump();
  }

  function take(record) {
    if (record.error) { throw new Error(record.error); }
    if (record.document) { showDocument(record.document); }
    if (record.findings) { addPiece(record); }
    if (record.summary) { finish(); }
  }

  // --- the results, shown as they come ----------------------------------------------------

  function startResults(sent) {
    state.sent = sent;
    state.findings = [];
    state.fixable = [];
    state.entities = {};
    state.decisions = [];
    state.marks = [];
    state.current = -1;
    state.explanations = {};
    state.done = false;
    showProblems([]);
    byId('document').textContent = '';
    byId('download').disabled = true;
    byId('download-status').textContent = '';
    byId('panel-empty').hidden = false;
    byId('panel-body').hidden = true;
    byId('results').hidden = false;
    form.classList.add('compact');
    updateSummary();
  }

  // The document is shown piece by piece as its findings come, in blocks of whole lines: the
  // browser lays out each new block alone, and skips the blocks out of sight (style.css).
  function showDocument(record) {
    state.text = record.text !== undefined ? record.text : state.sent.text;
    state.surrogates = /[\uD800-\uDFFF]/.test(state.text);
    state.cursor = { point: 0, unit: 0 };
    state.shownTo = 0;
    state.block = newBlock();
  }

  function newBlock() {
    var block = document.createElement('div');
    block.className = 'lines';
    byId('document').appendChild(block);
    return block;
  }

  // Findings give code-point offsets, in order; JavaScript strings count UTF-16 units.
  function unitAt(point) {
    if (!state.surrogates) { return point; }
    var cursor = state.cursor, text = state.text;
    while (cursor.point < point && cursor.unit < text.length) {
      var code = text.charCodeAt(cursor.unit);
      cursor.unit += (code >= 0xD800 && code <= 0xDBFF && cursor.unit + 1 < text.length) ? 2 : 1;
      cursor.point += 1;
    }
    return cursor.unit;
  }

  function markFor(text, finding, index) {
    var mark = document.createElement('mark');
    mark.className = 'finding kind-' + finding.kind + (state.fixable[index] ? '' : ' not-fixable');
    mark.dataset.index = String(index);
    mark.id = 'finding-' + index;
    var from = document.createElement('span');
    from.className = 'from';
    from.textContent = text;
    var to = document.createElement('span');
    to.className = 'to';
    to.textContent = finding.replacement;
    mark.appendChild(from);
    mark.appendChild(to);
    mark.title = finding.text + ' → ' + finding.replacement + ' (' + finding.kind + ')';
    return mark;
  }

  function addPiece(record) {
    var text = state.text, at = state.shownTo;
    var fragment = document.createDocumentFragment();
    record.findings.forEach(function (finding, offset) {
      var index = state.findings.length;
      state.findings.push(finding);
      state.fixable.push(record.fixable[offset]);
      state.decisions.push('');
      var start = unitAt(finding.start), end = unitAt(finding.end);
      if (start < at) { state.marks.push(null); return; }  // findings never overlap; stay safe if they did
      fragment.appendChild(document.createTextNode(text.slice(at, start)));
      var mark = markFor(text.slice(start, end), finding, index);
      fragment.appendChild(mark);
      state.marks.push(mark);
      at = end;
    });
    var end = Math.max(at, unitAt(record.end));
    var lastBreak = text.lastIndexOf('\n', end - 1);
    var cut = lastBreak >= at ? lastBreak + 1 : at;  // the block ends with a whole line
    fragment.appendChild(document.createTextNode(text.slice(at, cut)));
    state.block.appendChild(fragment);
    if (cut > at) { state.block = newBlock(); }
    state.block.appendChild(document.createTextNode(text.slice(cut, end)));
    state.shownTo = end;
    Object.keys(record.entities).forEach(function (id) { state.entities[id] = record.entities[id]; });
    if (record.problems.length) { showProblems(state.problems.concat(record.problems)); }
    if (state.current < 0 && state.findings.length) { select(0, false); }
    updateSummary();
  }

  function finish() {
    state.done = true;
    byId('download').disabled = false;
    updateSummary();
  }

  function showProblems(problems) {
    var list = byId('problems');
    list.textContent = '';
    state.problems = problems;
    problems.forEach(function (problem) {
      var item = document.createElement('li');
      item.textContent = problem;
      list.appendChild(item);
    });
    list.hidden = !problems.length;
  }

  function updateSummary() {
    var counts = { accepted: 0, rejected: 0, '': 0 };
    state.decisions.forEach(function (decision) { counts[decision] += 1; });
    var total = state.findings.length;
    var text = total === 0
      ? (state.done ? 'No names to fix: every name is in its house spelling.' : 'Checking…')
      : total + ' flagged name' + (total === 1 ? '' : 's') + ': ' + counts.accepted + ' accepted, ' +
        counts.rejected + ' rejected, ' + counts[''] + ' to decide.';
    byId('summary').textContent = state.done || total === 0 ? text : text + ' Still checking…';
  }

  // --- one finding ------------------------------------------------------------------------

  // An entity as a link to its lexicon entry: "Najaf (najaf, place)".
  function entityLink(id) {
    var entity = state.entities[id];
    var link = document.createElement('a');
    link.href = '/lexicon?q=' + encodeURIComponent(entity ? entity.name : id);
    link.textContent = entity ? entity.name + ' (' + id + ', ' + entity.type + ')' : id;
    return link;
  }

  function showPanel(index) {
    var finding = state.findings[index];
    var entity = state.entities[finding.entity] || {};
    byId('panel-empty').hidden = true;
    byId('panel-body').hidden = false;
    byId('p-position').textContent = 'Name ' + (index + 1) + ' of ' + state.findings.length +
      ', line ' + finding.line + ', column ' + finding.column;
    byId('p-text').textContent = finding.text;
    byId('p-replacement').textContent = finding.replacement;
    byId('p-house').textContent = entity.name || finding.replacement;
    var entities = byId('p-entity');
    entities.textContent = '';
    (finding.entities || [finding.entity]).forEach(function (id, position) {
      if (position) { entities.appendChild(document.createTextNode('; ')); }
      entities.appendChild(entityLink(id));
    });
    byId('p-kind').textContent = {
      variant: 'a variant the lexicon lists', phonetic: 'a phonetic guess of the matcher',
      'case': 'a house spelling written in another case'
    }[finding.kind] || finding.kind;
    byId('p-score').textContent = finding.score.toFixed(2);
    byId('p-note').textContent = entity.note || 'none';
    byId('p-source').textContent = entity.source || '';
    byId('p-unfixable').hidden = state.fixable[index];
    byId('p-unfixable').textContent = finding.note || '';
    byId('accept').disabled = byId('accept-like').disabled = !state.fixable[index];
    showDecision(index);
    showExplanation(finding.text);
  }

  function showDecision(index) {
    var decision = state.decisions[index];
    byId('p-state').textContent = decision === 'accepted' ? 'Accepted: the download writes the house spelling.'
      : decision === 'rejected' ? 'Rejected: the download keeps this spelling.' : 'Not decided: the download keeps this spelling.';
  }

  function showExplanation(text) {
    var query = text.replace(/\s+/g, ' ');
    var box = byId('p-explain');
    if (state.explanations[query]) { box.textContent = state.explanations[query]; return; }
    box.textContent = 'Asking the matcher…';
    send('/api/match', { method: 'POST', headers: { 'Content-Type': 'application/json' },
                         body: JSON.stringify({ names: [query], explain: true }) })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        state.explanations[query] = answer.explanations[0].join('\n');
        var current = state.findings[state.current];
        if (current && current.text.replace(/\s+/g, ' ') === query) { box.textContent = state.explanations[query]; }
      })
      .catch(function (error) { box.textContent = error.message; });
  }

  function select(index, scroll) {
    if (index < 0 || index >= state.findings.length) { return; }
    var previous = state.marks[state.current];
    if (previous) { previous.classList.remove('current'); previous.removeAttribute('aria-current'); }
    state.current = index;
    var mark = state.marks[index];
    if (mark) {
      mark.classList.add('current');
      mark.setAttribute('aria-current', 'true');
      if (scroll !== false) { mark.scrollIntoView({ block: 'center' }); }
    }
    showPanel(index);
  }

  function decide(index, decision) {
    if (index < 0) { return; }
    if (decision === 'accepted' && !state.fixable[index]) { return; }
    state.decisions[index] = decision;
    var mark = state.marks[index];
    if (mark) {
      mark.classList.toggle('accepted', decision === 'accepted');
      mark.classList.toggle('rejected', decision === 'rejected');
    }
  }

  function decideCurrent(decision) {
    var index = state.current;
    if (index < 0) { return; }
    decide(index, decision);
    updateSummary();
    if (index + 1 < state.findings.length) { select(index + 1); } else { showDecision(index); }
  }

  function acceptAllLike() {
    var finding = state.findings[state.current];
    if (!finding) { return; }
    state.findings.forEach(function (other, index) {
      if (other.text === finding.text && other.replacement === finding.replacement) { decide(index, 'accepted'); }
    });
    updateSummary();
    showDecision(state.current);
  }

  byId('document').addEventListener('click', function (event) {
    var mark = event.target.closest('mark.finding');
    if (mark) { select(Number(mark.dataset.index), false); }
  });
  byId('accept').addEventListener('click', function () { decideCurrent('accepted'); });
  byId('reject').addEventListener('click', function () { decideCurrent('rejected'); });
  byId('accept-like').addEventListener('click', acceptAllLike);
  byId('accept-all').addEventListener('click', function () {
    state.findings.forEach(function (finding, index) { decide(index, 'accepted'); });
    updateSummary();
    if (state.current >= 0) { showDecision(state.current); }
  });

  document.addEventListener('keydown', function (event) {
    var target = event.target;
    if (byId('results').hidden || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (target.closest && target.closest('textarea, input, select')) { return; }
    var actions = {
      j: function () { select(state.current + 1); }, n: function () { select(state.current + 1); },
      k: function () { select(state.current - 1); }, p: function () { select(state.current - 1); },
      a: function () { decideCurrent('accepted'); }, r: function () { decideCurrent('rejected'); },
      A: acceptAllLike
    };
    if (actions[event.key]) { event.preventDefault(); actions[event.key](); }
  });

  // --- the download -----------------------------------------------------------------------

  function nameOf(response) {
    var header = response.headers.get('Content-Disposition') || '';
    var encoded = /filename\*=UTF-8''([^;]+)/.exec(header);
    return encoded ? decodeURIComponent(encoded[1]) : 'namecheck-fixed.txt';
  }

  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  byId('download').addEventListener('click', function () {
    if (!state.sent || !state.done) { return; }
    var accepted = [];
    state.decisions.forEach(function (decision, index) { if (decision === 'accepted') { accepted.push(index); } });
    showError('');
    send('/api/fix', requestFor(state.sent, { accept: accepted, download: true }))
      .then(function (response) {
        var name = nameOf(response);
        return response.blob().then(function (blob) {
          save(blob, name);
          byId('download-status').textContent = 'Downloaded ' + name + ' with ' + accepted.length +
            ' accepted fix' + (accepted.length === 1 ? '' : 'es') + '.';
        });
      })
      .catch(function (error) { showError(error.message); });
  });
})();
