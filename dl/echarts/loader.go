package echarts

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// EnvURL names the environment variable holding the URL (relative to the
// Jupyter base URL, or absolute) the browser loads echarts.min.js from.
const EnvURL = "DLFUN_ECHARTS_URL"

// EnvLibrary names the environment variable that may point at echarts.min.js
// on disk (used for inline mode, standalone pages and the static export).
const EnvLibrary = "DLFUN_ECHARTS_JS"

// loaderJS is the per-chart loader: a function expression called as
// (divID, option, libraryURL), where option is the ECharts option as an
// object or packed (see packOption: gzip, base64) as a string, which the
// browser unpacks with DecompressionStream. Kept small: it is repeated in
// every chart.
const loaderJS = `(function(id,opt,url){var w=window,K='__dlfunECharts',A='` + alphabet + `';
function lib(){if(w.echarts)return Promise.resolve(w.echarts);if(!w[K])w[K]=new Promise(function(res){var t0=Date.now();
function poll(){if(w.echarts)return res(w.echarts);if(Date.now()-t0>20000){delete w[K];return res(null)}setTimeout(poll,100)}
if(!url)return poll();var u=url;if(!/^(\/|[a-z]+:)/.test(u)){var b=document.body&&document.body.getAttribute('data-base-url');
if(!b){var c=document.getElementById('jupyter-config-data');if(c)try{b=JSON.parse(c.textContent).baseUrl}catch(e){}}
b=b||'/';if(b.slice(-1)!='/')b+='/';u=b+u}
fetch(u,{credentials:'same-origin'}).then(function(r){if(!r.ok)throw r.status;return r.text()}).then(function(s){if(!w.echarts)Function('define','module','exports',s).call(w)}).catch(function(){}).then(poll)});return w[K]}
function lv(ch){return A.indexOf(ch)}
function p10(v){if(!(v>0))return ''+v;var e=Math.round(Math.log10(v));if(Math.abs(v/Math.pow(10,e)-1)>1e-9)return ''+(+v.toPrecision(3));
if(e>=-2&&e<=3)return ''+(+v.toPrecision(1));var t='10'+(e<0?'⁻':'');String(Math.abs(e)).split('').forEach(function(c){t+='⁰¹²³⁴⁵⁶⁷⁸⁹'.charAt(c)});return t}
function num(v){return ''+(+(+v).toPrecision(4))}
function expand(o,el){[].concat(o.xAxis||[],o.yAxis||[]).forEach(function(a){var l=a.axisLabel,f=l&&{pow10:p10,num:num}[l.dlfunFormat];if(f){delete l.dlfunFormat;l.formatter=f}});
(o.series||[]).forEach(function(s){var g=s.dlfunGrid;if(!g)return;delete s.dlfunGrid;var d=[],k=0,L=A.length-1;
for(var y=0;y<g.h;y++)for(var x=0;x<g.w;x++,k++){var v=lv(g.q.charAt(k));if(v>=0)d.push([x,y,g.lo+(g.hi-g.lo)*v/L])}s.data=d});
var im=o.dlfunImages;if(im){delete o.dlfunImages;var gr=o.graphic=[],S=im.scale,W=im.w*S,H=im.h*S,L=A.length-1,cw=im.cw||W;
im.cols=Math.max(1,Math.min(im.cols,Math.floor((el.clientWidth-10)/(cw+im.gap))));el.style.height=(im.top+Math.ceil(im.imgs.length/im.cols)*(H+im.gap+16)+4)+'px';
im.imgs.forEach(function(m,i){var cv=document.createElement('canvas');cv.width=W;cv.height=H;var cx=cv.getContext('2d'),px=cx.createImageData(W,H);
for(var y=0;y<H;y++)for(var x=0;x<W;x++){var k=((y/S)|0)*im.w+((x/S)|0),v=Math.max(lv(m.p.charAt(im.pk?k>>1:k)),0),c=im.pk?255-Math.round(255*(k&1?v%7:(v/7|0))/6):255-Math.round(255*v/L),j=4*(y*W+x);px.data[j]=px.data[j+1]=px.data[j+2]=c;px.data[j+3]=255}
cx.putImageData(px,0,0);var l=10+(i%im.cols)*(cw+im.gap),t=im.top+((i/im.cols)|0)*(H+im.gap+16);
gr.push({type:'image',left:l,top:t,style:{image:cv,width:W,height:H}});gr.push({type:'rect',left:l,top:t,shape:{width:W,height:H},style:{fill:'none',stroke:m.r?'#d62728':'#bbb',lineWidth:m.r?2:1}});
if(m.c)gr.push({type:'text',left:l,top:t+H+9,style:{text:m.c,fill:m.r?'#d62728':'#333',font:'11px sans-serif'}})})}return o}
function dec(o){if(typeof o!='string')return Promise.resolve(o);var b=atob(o),u=new Uint8Array(b.length);for(var i=0;i<b.length;i++)u[i]=b.charCodeAt(i);
return new Response(new Blob([u]).stream().pipeThrough(new DecompressionStream('gzip'))).json()}
function go(el){Promise.all([lib(),dec(opt)]).then(function(r){var ec=r[0];opt=r[1];if(!ec){el.style.height='auto';el.textContent='dlfun: the ECharts library is not in this page: install the dlfun kernel (` + "`dlfun install`" + `), or restart the kernel and run the cells again';return}
var reg=w.__dlfunECi||(w.__dlfunECi=[]);for(var i=reg.length-1;i>=0;i--)if(!reg[i].el.isConnected){reg[i].ch.dispose();if(reg[i].ro)reg[i].ro.disconnect();reg.splice(i,1)}
var e={el:el,ch:null,ro:null};function fit(){if(e.ch){e.ch.resize();return}if(!el.clientWidth)return;el.textContent='';el.style.color=el.style.font='';opt=expand(opt,el);e.ch=ec.init(el);e.ch.setOption(opt);reg.push(e)}
if(w.ResizeObserver){e.ro=new ResizeObserver(fit);e.ro.observe(el)}fit();if(!e.ro&&!e.ch){var n=0,t=setInterval(function(){fit();if(e.ch||++n>100)clearInterval(t)},100)}},
function(){el.style.height='auto';el.textContent='dlfun: this browser cannot unpack the chart: it needs DecompressionStream (Chrome 80, Firefox 113, Safari 16.4 or newer)'})}
(function find(n){var el=document.getElementById(id);if(el)return go(el);if(n<400)setTimeout(function(){find(n+1)},50)})(0)})`

// alphabet encodes quantized values (heatmap cells, image pixels) as one
// character each: index 0 is the lowest level, len-1 the highest; any other
// character (we use '-') marks a missing cell.
const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// LibraryPath returns the path of echarts.min.js on disk: $DLFUN_ECHARTS_JS
// if set, else kernel/assets/echarts.min.js of the dlfun source tree this
// package was compiled from (found through the compiled-in source path, which
// is the local tree when notebooks run with GoNB's -go_work). It returns an
// error naming the fix when the file is missing.
func LibraryPath() (string, error) {
	if p := os.Getenv(EnvLibrary); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", err
		}
		return p, nil
	}
	if _, file, _, ok := runtime.Caller(0); ok {
		p := filepath.Join(filepath.Dir(file), "..", "..", "kernel", "assets", "echarts.min.js")
		if _, err := os.Stat(p); err == nil {
			return filepath.Clean(p), nil
		}
	}
	return "", errors.New("echarts: echarts.min.js not found: run `go run ./kernel/assets/fetchecharts` (or `make echarts`) in the dlfun repository, or set " + EnvLibrary)
}

// Library returns the content of echarts.min.js (see LibraryPath).
func Library() (string, error) {
	p, err := LibraryPath()
	if err != nil {
		return "", err
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// LibraryScript wraps the library source lib in a <script> element that runs
// it with define, module and exports shadowed, so that it sets window.echarts
// even in a page with RequireJS (the classic Notebook). Any "</script" inside
// lib is neutralised. The element carries the attribute data-dlfun-echarts-lib
// so that tools (the static export) can recognise and drop duplicates.
func LibraryScript(lib string) string {
	if strings.Contains(strings.ToLower(lib), "</script") || strings.Contains(lib, "<!--") {
		lib = safeScriptText(lib)
	}
	return `<script data-dlfun-echarts-lib="5">(function(define,module,exports){` + lib +
		"\n}).call(window);</script>"
}

// safeScriptText rewrites the sequences that could end or confuse a
// <script> element ("</script" in any case, "<!--") into JavaScript-equivalent
// spellings ("<\/script", "<\!--"), which mean the same inside strings,
// regular expressions and comments.
func safeScriptText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '<' && i+1 < len(s) {
			if s[i+1] == '/' && i+8 <= len(s) && strings.EqualFold(s[i+2:i+8], "script") {
				b.WriteString(`<\/`)
				i++
				continue
			}
			if strings.HasPrefix(s[i:], "<!--") {
				b.WriteString(`<\!`)
				i++
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
