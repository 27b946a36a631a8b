/**
 * @license
 * Copyright 2019 Google LLC
 * SPDX-License-Identifier: BSD-3-Clause
 */var h1=globalThis,u1=h1.ShadowRoot&&(h1.ShadyCSS===void 0||h1.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,O1=Symbol(),LL=new WeakMap,X=class{constructor(e,L,t){if(this._$cssResult$=!0,t!==O1)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=e,this.t=L}get styleSheet(){let e=this.o,L=this.t;if(u1&&e===void 0){let t=L!==void 0&&L.length===1;t&&(e=LL.get(L)),e===void 0&&((this.o=e=new CSSStyleSheet).replaceSync(this.cssText),t&&LL.set(L,e))}return e}toString(){return this.cssText}},eL=i=>new X(typeof i=="string"?i:i+"",void 0,O1),g=(i,...e)=>{let L=i.length===1?i[0]:e.reduce((t,s,n)=>t+(r=>{if(r._$cssResult$===!0)return r.cssText;if(typeof r=="number")return r;throw Error("Value passed to 'css' function must be a 'css' function result: "+r+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(s)+i[n+1],i[0]);return new X(L,i,O1)},tL=(i,e)=>{if(u1)i.adoptedStyleSheets=e.map(L=>L instanceof CSSStyleSheet?L:L.styleSheet);else for(let L of e){let t=document.createElement("style"),s=h1.litNonce;s!==void 0&&t.setAttribute("nonce",s),t.textContent=L.cssText,i.appendChild(t)}},H1=u1?i=>i:i=>i instanceof CSSStyleSheet?(e=>{let L="";for(let t of e.cssRules)L+=t.cssText;return eL(L)})(i):i;/**
 * @license
 * Copyright 2017 Google LLC
 * SPDX-License-Identifier: BSD-3-Clause
 */var{is:f4,defineProperty:g4,getOwnPropertyDescriptor:y4,getOwnPropertyNames:v4,getOwnPropertySymbols:$4,getPrototypeOf:b4}=Object,m1=globalThis,sL=m1.trustedTypes,_4=sL?sL.emptyScript:"",M4=m1.reactiveElementPolyfillSupport,L1=(i,e)=>i,I1={toAttribute(i,e){switch(e){case Boolean:i=i?_4:null;break;case Object:case Array:i=i==null?i:JSON.stringify(i)}return i},fromAttribute(i,e){let L=i;switch(e){case Boolean:L=i!==null;break;case Number:L=i===null?null:Number(i);break;case Object:case Array:try{L=JSON.parse(i)}catch{L=null}}return L}},nL=(i,e)=>!f4(i,e),iL={attribute:!0,type:String,converter:I1,reflect:!1,useDefault:!1,hasChanged:nL};Symbol.metadata??=Symbol("metadata"),m1.litPropertyMetadata??=new WeakMap;var Z=class extends HTMLElement{static addInitializer(e){this._$Ei(),(this.l??=[]).push(e)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(e,L=iL){if(L.state&&(L.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(e)&&((L=Object.create(L)).wrapped=!0),this.elementProperties.set(e,L),!L.noAccessor){let t=Symbol(),s=this.getPropertyDescriptor(e,t,L);s!==void 0&&g4(this.prototype,e,s)}}static getPropertyDescriptor(e,L,t){let{get:s,set:n}=y4(this.prototype,e)??{get(){return this[L]},set(r){this[L]=r}};return{get:s,set(r){let a=s?.call(this);n?.call(this,r),this.requestUpdate(e,a,t)},configurable:!0,enumerable:!0}}static getPropertyOptions(e){return this.elementProperties.get(e)??iL}static _$Ei(){if(this.hasOwnProperty(L1("elementProperties")))return;let e=b4(this);e.finalize(),e.l!==void 0&&(this.l=[...e.l]),this.elementProperties=new Map(e.elementProperties)}static finalize(){if(this.hasOwnProperty(L1("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(L1("properties"))){let L=this.properties,t=[...v4(L),...$4(L)];for(let s of t)this.createProperty(s,L[s])}let e=this[Symbol.metadata];if(e!==null){let L=litPropertyMetadata.get(e);if(L!==void 0)for(let[t,s]of L)this.elementProperties.set(t,s)}this._$Eh=new Map;for(let[L,t]of this.elementProperties){let s=this._$Eu(L,t);s!==void 0&&this._$Eh.set(s,L)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(e){let L=[];if(Array.isArray(e)){let t=new Set(e.flat(1/0).reverse());for(let s of t)L.unshift(H1(s))}else e!==void 0&&L.push(H1(e));return L}static _$Eu(e,L){let t=L.attribute;return t===!1?void 0:typeof t=="string"?t:typeof e=="string"?e.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(e=>this.enableUpdating=e),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(e=>e(this))}addController(e){(this._$EO??=new Set).add(e),this.renderRoot!==void 0&&this.isConnected&&e.hostConnected?.()}removeController(e){this._$EO?.delete(e)}_$E_(){let e=new Map,L=this.constructor.elementProperties;for(let t of L.keys())this.hasOwnProperty(t)&&(e.set(t,this[t]),delete this[t]);e.size>0&&(this._$Ep=e)}createRenderRoot(){let e=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return tL(e,this.constructor.elementStyles),e}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(e=>e.hostConnected?.())}enableUpdating(e){}disconnectedCallback(){this._$EO?.forEach(e=>e.hostDisconnected?.())}attributeChangedCallback(e,L,t){this._$AK(e,t)}_$ET(e,L){let t=this.constructor.elementProperties.get(e),s=this.constructor._$Eu(e,t);if(s!==void 0&&t.reflect===!0){let n=(t.converter?.toAttribute!==void 0?t.converter:I1).toAttribute(L,t.type);this._$Em=e,n==null?this.removeAttribute(s):this.setAttribute(s,n),this._$Em=null}}_$AK(e,L){let t=this.constructor,s=t._$Eh.get(e);if(s!==void 0&&this._$Em!==s){let n=t.getPropertyOptions(s),r=typeof n.converter=="function"?{fromAttribute:n.converter}:n.converter?.fromAttribute!==void 0?n.converter:I1;this._$Em=s;let a=r.fromAttribute(L,n.type);this[s]=a??this._$Ej?.get(s)??a,this._$Em=null}}requestUpdate(e,L,t,s=!1,n){if(e!==void 0){let r=this.constructor;if(s===!1&&(n=this[e]),t??=r.getPropertyOptions(e),!((t.hasChanged??nL)(n,L)||t.useDefault&&t.reflect&&n===this._$Ej?.get(e)&&!this.hasAttribute(r._$Eu(e,t))))return;this.C(e,L,t)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(e,L,{useDefault:t,reflect:s,wrapped:n},r){t&&!(this._$Ej??=new Map).has(e)&&(this._$Ej.set(e,r??L??this[e]),n!==!0||r!==void 0)||(this._$AL.has(e)||(this.hasUpdated||t||(L=void 0),this._$AL.set(e,L)),s===!0&&this._$Em!==e&&(this._$Eq??=new Set).add(e))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(L){Promise.reject(L)}let e=this.scheduleUpdate();return e!=null&&await e,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[s,n]of this._$Ep)this[s]=n;this._$Ep=void 0}let t=this.constructor.elementProperties;if(t.size>0)for(let[s,n]of t){let{wrapped:r}=n,a=this[s];r!==!0||this._$AL.has(s)||a===void 0||this.C(s,void 0,n,a)}}let e=!1,L=this._$AL;try{e=this.shouldUpdate(L),e?(this.willUpdate(L),this._$EO?.forEach(t=>t.hostUpdate?.()),this.update(L)):this._$EM()}catch(t){throw e=!1,this._$EM(),t}e&&this._$AE(L)}willUpdate(e){}_$AE(e){this._$EO?.forEach(L=>L.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(e)),this.updated(e)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(e){return!0}update(e){this._$Eq&&=this._$Eq.forEach(L=>this._$ET(L,this[L])),this._$EM()}updated(e){}firstUpdated(e){}};Z.elementStyles=[],Z.shadowRootOptions={mode:"open"},Z[L1("elementProperties")]=new Map,Z[L1("finalized")]=new Map,M4?.({ReactiveElement:Z}),(m1.reactiveElementVersions??=[]).push("2.1.2");/**
 * @license
 * Copyright 2017 Google LLC
 * SPDX-License-Identifier: BSD-3-Clause
 */var P1=globalThis,rL=i=>i,f1=P1.trustedTypes,oL=f1?f1.createPolicy("lit-html",{createHTML:i=>i}):void 0,B1="$lit$",R=`lit$${Math.random().toFixed(9).slice(2)}$`,U1="?"+R,x4=`<${U1}>`,D=document,t1=()=>D.createComment(""),s1=i=>i===null||typeof i!="object"&&typeof i!="function",j1=Array.isArray,hL=i=>j1(i)||typeof i?.[Symbol.iterator]=="function",D1=`[ 	
\f\r]`,e1=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,aL=/-->/g,dL=/>/g,H=RegExp(`>|${D1}(?:([^\\s"'>=/]+)(${D1}*=${D1}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),lL=/'/g,cL=/"/g,uL=/^(?:script|style|textarea|title)$/i,F1=i=>(e,...L)=>({_$litType$:i,strings:e,values:L}),o=F1(1),K=F1(2),s2=F1(3),P=Symbol.for("lit-noChange"),l=Symbol.for("lit-nothing"),pL=new WeakMap,I=D.createTreeWalker(D,129);function mL(i,e){if(!j1(i)||!i.hasOwnProperty("raw"))throw Error("invalid template strings array");return oL!==void 0?oL.createHTML(e):e}var fL=(i,e)=>{let L=i.length-1,t=[],s,n=e===2?"<svg>":e===3?"<math>":"",r=e1;for(let a=0;a<L;a++){let d=i[a],c,p,h=-1,x=0;for(;x<d.length&&(r.lastIndex=x,p=r.exec(d),p!==null);)x=r.lastIndex,r===e1?p[1]==="!--"?r=aL:p[1]!==void 0?r=dL:p[2]!==void 0?(uL.test(p[2])&&(s=RegExp("</"+p[2],"g")),r=H):p[3]!==void 0&&(r=H):r===H?p[0]===">"?(r=s??e1,h=-1):p[1]===void 0?h=-2:(h=r.lastIndex-p[2].length,c=p[1],r=p[3]===void 0?H:p[3]==='"'?cL:lL):r===cL||r===lL?r=H:r===aL||r===dL?r=e1:(r=H,s=void 0);let C=r===H&&i[a+1].startsWith("/>")?" ":"";n+=r===e1?d+x4:h>=0?(t.push(c),d.slice(0,h)+B1+d.slice(h)+R+C):d+R+(h===-2?a:C)}return[mL(i,n+(i[L]||"<?>")+(e===2?"</svg>":e===3?"</math>":"")),t]},i1=class i{constructor({strings:e,_$litType$:L},t){let s;this.parts=[];let n=0,r=0,a=e.length-1,d=this.parts,[c,p]=fL(e,L);if(this.el=i.createElement(c,t),I.currentNode=this.el.content,L===2||L===3){let h=this.el.content.firstChild;h.replaceWith(...h.childNodes)}for(;(s=I.nextNode())!==null&&d.length<a;){if(s.nodeType===1){if(s.hasAttributes())for(let h of s.getAttributeNames())if(h.endsWith(B1)){let x=p[r++],C=s.getAttribute(h).split(R),p1=/([.?@])?(.*)/.exec(x);d.push({type:1,index:n,name:p1[2],strings:C,ctor:p1[1]==="."?y1:p1[1]==="?"?v1:p1[1]==="@"?$1:U}),s.removeAttribute(h)}else h.startsWith(R)&&(d.push({type:6,index:n}),s.removeAttribute(h));if(uL.test(s.tagName)){let h=s.textContent.split(R),x=h.length-1;if(x>0){s.textContent=f1?f1.emptyScript:"";for(let C=0;C<x;C++)s.append(h[C],t1()),I.nextNode(),d.push({type:2,index:++n});s.append(h[x],t1())}}}else if(s.nodeType===8)if(s.data===U1)d.push({type:2,index:n});else{let h=-1;for(;(h=s.data.indexOf(R,h+1))!==-1;)d.push({type:7,index:n}),h+=R.length-1}n++}}static createElement(e,L){let t=D.createElement("template");return t.innerHTML=e,t}};function B(i,e,L=i,t){if(e===P)return e;let s=t!==void 0?L._$Co?.[t]:L._$Cl,n=s1(e)?void 0:e._$litDirective$;return s?.constructor!==n&&(s?._$AO?.(!1),n===void 0?s=void 0:(s=new n(i),s._$AT(i,L,t)),t!==void 0?(L._$Co??=[])[t]=s:L._$Cl=s),s!==void 0&&(e=B(i,s._$AS(i,e.values),s,t)),e}var g1=class{constructor(e,L){this._$AV=[],this._$AN=void 0,this._$AD=e,this._$AM=L}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(e){let{el:{content:L},parts:t}=this._$AD,s=(e?.creationScope??D).importNode(L,!0);I.currentNode=s;let n=I.nextNode(),r=0,a=0,d=t[0];for(;d!==void 0;){if(r===d.index){let c;d.type===2?c=new z(n,n.nextSibling,this,e):d.type===1?c=new d.ctor(n,d.name,d.strings,this,e):d.type===6&&(c=new b1(n,this,e)),this._$AV.push(c),d=t[++a]}r!==d?.index&&(n=I.nextNode(),r++)}return I.currentNode=D,s}p(e){let L=0;for(let t of this._$AV)t!==void 0&&(t.strings!==void 0?(t._$AI(e,t,L),L+=t.strings.length-2):t._$AI(e[L])),L++}},z=class i{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(e,L,t,s){this.type=2,this._$AH=l,this._$AN=void 0,this._$AA=e,this._$AB=L,this._$AM=t,this.options=s,this._$Cv=s?.isConnected??!0}get parentNode(){let e=this._$AA.parentNode,L=this._$AM;return L!==void 0&&e?.nodeType===11&&(e=L.parentNode),e}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(e,L=this){e=B(this,e,L),s1(e)?e===l||e==null||e===""?(this._$AH!==l&&this._$AR(),this._$AH=l):e!==this._$AH&&e!==P&&this._(e):e._$litType$!==void 0?this.$(e):e.nodeType!==void 0?this.T(e):hL(e)?this.k(e):this._(e)}O(e){return this._$AA.parentNode.insertBefore(e,this._$AB)}T(e){this._$AH!==e&&(this._$AR(),this._$AH=this.O(e))}_(e){this._$AH!==l&&s1(this._$AH)?this._$AA.nextSibling.data=e:this.T(D.createTextNode(e)),this._$AH=e}$(e){let{values:L,_$litType$:t}=e,s=typeof t=="number"?this._$AC(e):(t.el===void 0&&(t.el=i1.createElement(mL(t.h,t.h[0]),this.options)),t);if(this._$AH?._$AD===s)this._$AH.p(L);else{let n=new g1(s,this),r=n.u(this.options);n.p(L),this.T(r),this._$AH=n}}_$AC(e){let L=pL.get(e.strings);return L===void 0&&pL.set(e.strings,L=new i1(e)),L}k(e){j1(this._$AH)||(this._$AH=[],this._$AR());let L=this._$AH,t,s=0;for(let n of e)s===L.length?L.push(t=new i(this.O(t1()),this.O(t1()),this,this.options)):t=L[s],t._$AI(n),s++;s<L.length&&(this._$AR(t&&t._$AB.nextSibling,s),L.length=s)}_$AR(e=this._$AA.nextSibling,L){for(this._$AP?.(!1,!0,L);e!==this._$AB;){let t=rL(e).nextSibling;rL(e).remove(),e=t}}setConnected(e){this._$AM===void 0&&(this._$Cv=e,this._$AP?.(e))}},U=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(e,L,t,s,n){this.type=1,this._$AH=l,this._$AN=void 0,this.element=e,this.name=L,this._$AM=s,this.options=n,t.length>2||t[0]!==""||t[1]!==""?(this._$AH=Array(t.length-1).fill(new String),this.strings=t):this._$AH=l}_$AI(e,L=this,t,s){let n=this.strings,r=!1;if(n===void 0)e=B(this,e,L,0),r=!s1(e)||e!==this._$AH&&e!==P,r&&(this._$AH=e);else{let a=e,d,c;for(e=n[0],d=0;d<n.length-1;d++)c=B(this,a[t+d],L,d),c===P&&(c=this._$AH[d]),r||=!s1(c)||c!==this._$AH[d],c===l?e=l:e!==l&&(e+=(c??"")+n[d+1]),this._$AH[d]=c}r&&!s&&this.j(e)}j(e){e===l?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,e??"")}},y1=class extends U{constructor(){super(...arguments),this.type=3}j(e){this.element[this.name]=e===l?void 0:e}},v1=class extends U{constructor(){super(...arguments),this.type=4}j(e){this.element.toggleAttribute(this.name,!!e&&e!==l)}},$1=class extends U{constructor(e,L,t,s,n){super(e,L,t,s,n),this.type=5}_$AI(e,L=this){if((e=B(this,e,L,0)??l)===P)return;let t=this._$AH,s=e===l&&t!==l||e.capture!==t.capture||e.once!==t.once||e.passive!==t.passive,n=e!==l&&(t===l||s);s&&this.element.removeEventListener(this.name,this,t),n&&this.element.addEventListener(this.name,this,e),this._$AH=e}handleEvent(e){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,e):this._$AH.handleEvent(e)}},b1=class{constructor(e,L,t){this.element=e,this.type=6,this._$AN=void 0,this._$AM=L,this.options=t}get _$AU(){return this._$AM._$AU}_$AI(e){B(this,e)}},gL={M:B1,P:R,A:U1,C:1,L:fL,R:g1,D:hL,V:B,I:z,H:U,N:v1,U:$1,B:y1,F:b1},S4=P1.litHtmlPolyfillSupport;S4?.(i1,z),(P1.litHtmlVersions??=[]).push("3.3.3");var yL=(i,e,L)=>{let t=L?.renderBefore??e,s=t._$litPart$;if(s===void 0){let n=L?.renderBefore??null;t._$litPart$=s=new z(e.insertBefore(t1(),n),n,void 0,L??{})}return s._$AI(i),s};/**
 * @license
 * Copyright 2017 Google LLC
 * SPDX-License-Identifier: BSD-3-Clause
 */var z1=globalThis,E=class extends Z{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let e=super.createRenderRoot();return this.renderOptions.renderBefore??=e.firstChild,e}update(e){let L=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(e),this._$Do=yL(L,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return P}};E._$litElement$=!0,E.finalized=!0,z1.litElementHydrateSupport?.({LitElement:E});var E4=z1.litElementPolyfillSupport;E4?.({LitElement:E});(z1.litElementVersions??=[]).push("4.2.2");/**
 * @license
 * Copyright 2022 Google LLC
 * SPDX-License-Identifier: BSD-3-Clause
 */var N="storj_monitor",K1="Storage node",w4="Satellite";function $L(i){return i.name_by_user||i.name||i.id}var vL=new WeakMap;function bL(i){let e=vL.get(i.entities);if(e)return e;let L=new Map;for(let t of Object.values(i.entities)){if(!t||t.platform!==N||!t.device_id||!t.translation_key)continue;let s=L.get(t.device_id);s||L.set(t.device_id,s=new Map),s.set(t.translation_key,t.entity_id)}return vL.set(i.entities,L),L}function _L(i){return i.sort((e,L)=>e.name.localeCompare(L.name,void 0,{numeric:!0}))}function j(i){let e=bL(i),L=[];for(let t of Object.values(i.devices)){if(!t||t.model!==K1)continue;let s=e.get(t.id);s&&L.push({device:t,name:$L(t),entities:s})}return _L(L)}function $(i,e){let L=j(i);return e?L.find(t=>t.device.id===e):L[0]}function k(i,e){let L=bL(i),t=[];for(let s of Object.values(i.devices)){if(!s||s.model!==w4||s.via_device_id!==e.device.id)continue;let n=L.get(s.id);if(!n)continue;let r=$L(s),a=r.startsWith(`${e.name} `)?r.slice(e.name.length+1):r;t.push({device:s,name:a,entities:n})}return _L(t)}var ML=g`
  :host {
    --storj-ok: var(--success-color, #43a047);
    --storj-warning: var(--warning-color, #ffa600);
    --storj-critical: var(--error-color, #db4437);
    --storj-unknown: var(--disabled-text-color, #bdbdbd);
  }
  ha-card {
    height: 100%;
    overflow: hidden;
  }
  .content {
    padding: 0 16px 16px;
    display: flex;
    flex-direction: column;
    gap: 16px;
  }
  .content.no-header {
    padding-top: 16px;
  }
  h3 {
    margin: 0 0 8px;
    font-size: var(--ha-font-size-m, 14px);
    font-weight: var(--ha-font-weight-medium, 500);
    color: var(--secondary-text-color);
    text-transform: uppercase;
    letter-spacing: 0.04em;
  }
  .message {
    display: flex;
    align-items: flex-start;
    gap: 8px;
    padding: 12px;
    border-radius: var(--ha-card-border-radius, 12px);
    background: var(--secondary-background-color);
    color: var(--primary-text-color);
    line-height: 1.4;
  }
  .message ha-icon {
    color: var(--info-color, var(--primary-color));
    flex: none;
  }
  .message.warning ha-icon {
    color: var(--storj-warning);
  }
  .muted {
    color: var(--secondary-text-color);
  }
  .level-ok {
    color: var(--storj-ok);
  }
  .level-warning {
    color: var(--storj-warning);
  }
  .level-critical {
    color: var(--storj-critical);
  }
  .level-unknown {
    color: var(--secondary-text-color);
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    padding: 6px 4px;
    text-align: right;
    border-bottom: 1px solid var(--divider-color);
    white-space: nowrap;
  }
  th:first-child,
  td:first-child {
    text-align: left;
    white-space: normal;
    overflow-wrap: break-word;
  }
  th {
    font-weight: var(--ha-font-weight-medium, 500);
    color: var(--secondary-text-color);
  }
  tr:last-child td {
    border-bottom: none;
  }
  .table-wrap {
    overflow-x: auto;
  }
`,xL=g`
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 16px;
    margin-top: 8px;
    font-size: var(--ha-font-size-s, 12px);
    color: var(--secondary-text-color);
  }
  .legend b {
    color: var(--primary-text-color);
    font-weight: var(--ha-font-weight-medium, 500);
  }
  .swatch {
    display: inline-block;
    width: 10px;
    height: 10px;
    border-radius: 2px;
    margin-right: 4px;
  }
`,SL=g`
  .stat {
    display: flex;
    flex-direction: column;
    gap: 2px;
    font-size: var(--ha-font-size-s, 12px);
  }
  .stat .value {
    font-size: var(--ha-font-size-xl, 20px);
    color: var(--primary-text-color);
  }
`;function m(i,e,L="mdi:information-outline"){return o`<div class="message ${i}" data-message=${i}>
    <ha-icon .icon=${i==="warning"?"mdi:alert-outline":L}></ha-icon><span>${e}</span>
  </div>`}var u=class extends E{setConfig(e){if(!e||typeof e!="object")throw new Error("Invalid configuration");if(e.device_id!==void 0&&typeof e.device_id!="string")throw new Error("device_id must be the id of a Storj node device");this.config={...e}}getCardSize(){return 4}shouldUpdate(e){if(e.has("config")||!e.has("hass"))return!0;let L=e.get("hass"),t=this.hass;return!L||!t||L.entities!==t.entities||L.devices!==t.devices||L.themes!==t.themes||L.locale!==t.locale?!0:this.watchedEntities().some(s=>L.states[s]!==t.states[s])}get node(){return this.hass?$(this.hass,this.config?.device_id):void 0}stateOf(e,L){let t=e?.entities.get(L);return t?this.hass?.states[t]:void 0}get locale(){return this.hass?.locale?.language??this.hass?.language??"en"}frame(e,L){return o`<ha-card .header=${e}>
      <div class="content ${e?"":"no-header"}">${L}</div>
    </ha-card>`}noNodeMessage(){return this.config?.device_id&&this.hass&&j(this.hass).length>0?m("warning","The Storj node chosen for this card no longer exists: pick another in the card editor."):m("info","No Storj node yet: add one with the Storj Monitor integration.")}};u.properties={hass:{attribute:!1},config:{state:!0}},u.styles=ML;var A4=10,_1=12,n1=3,r1=60,EL={earned:"earned",storage:"earned_storage",egress:"earned_egress",repairAudit:"earned_repair_audit",held:"held",paid:"paid"},o1=["storage","egress","repairAudit"];function wL(i){return i.identifiers?.find(([e])=>e===N)?.[1]}function T4(i,e){return`${N}:${i.slice(0,A4).toLowerCase()}_payout_${e}`}function AL(i){let e=Object.entries(EL).map(([L,t])=>[L,T4(i,t)]);return Object.fromEntries(e)}function TL(i,e){return new Date(Date.UTC(i.getUTCFullYear(),i.getUTCMonth()-e-2,1))}function ZL(i,e,L){let t=new Map;for(let s of Object.keys(e))for(let n of i[e[s]]??[]){let r=t.get(n.start);r||(r={start:n.start,earned:void 0,storage:void 0,egress:void 0,repairAudit:void 0,held:void 0,paid:void 0},t.set(n.start,r)),r[s]=typeof n.change=="number"?n.change:void 0}return[...t.values()].sort((s,n)=>s.start-n.start).slice(-L)}function RL(i){return i.earned??o1.reduce((e,L)=>e+(i[L]??0),0)}function CL(i){if(!(i>0))return 1;let e=10**Math.floor(Math.log10(i));return([1,2,2.5,5,10].find(t=>t*e>=i-1e-9)??10)*e}function NL(i,e){let L=t=>e>0?Math.max(t??0,0)/e*100:0;return{storage:L(i.storage),egress:L(i.egress),repairAudit:L(i.repairAudit)}}function G1(i){return new Date(i+15*864e5)}function F(i,e,L="short"){return new Intl.DateTimeFormat(e,{month:L,year:L==="long"?"numeric":void 0,timeZone:"UTC"}).format(G1(i))}function M1(i){return G1(i).toISOString().slice(0,7)}function kL(i){let e={};for(let L of Object.keys(EL)){let t=i.map(s=>s[L]).filter(s=>s!==void 0);e[L]=t.length?t.reduce((s,n)=>s+n,0):void 0}return e}function OL(i,e){let L=Date.UTC(e.getUTCFullYear(),e.getUTCMonth(),1),t=i.length?G1(i[i.length-1].start):void 0;if(!t)return[];let s=[];for(let n=1;n<=2;n+=1){let r=Date.UTC(t.getUTCFullYear(),t.getUTCMonth()+n,1);if(r>=L)break;s.push(r)}return s}var w=["audit","suspension","online"],x1={audit_warning:99,audit_critical:97,suspension_warning:90,suspension_critical:75,online_warning:95,online_critical:80};function G(i,e,L={}){if(e===void 0)return"unknown";let t=L[`${i}_critical`]??x1[`${i}_critical`],s=L[`${i}_warning`]??x1[`${i}_warning`];return e<t?"critical":e<s?"warning":"ok"}var HL={unknown:0,ok:1,warning:2,critical:3};function IL(i){let e="unknown";for(let L of i)HL[L]>HL[e]&&(e=L);return e}var S1="storj-monitor-card-editor",Z4={device_id:"Storj node",title:"Title (optional)",trend_days:"Trend over the last days",audit_warning:"Audit score warning below (%)",audit_critical:"Audit score critical below (%)",suspension_warning:"Suspension score warning below (%)",suspension_critical:"Suspension score critical below (%)",online_warning:"Online score warning below (%)",online_critical:"Online score critical below (%)",top_countries:"Countries listed",months:"Months shown",top_errors:"Error types listed",hot_pieces:"Pieces listed"},S={name:"device_id",selector:{device:{filter:{integration:N,model:K1}}}},b={name:"title",selector:{text:{}}},PL={name:"months",default:_1,selector:{number:{min:n1,max:r1,step:1,mode:"box"}}};function DL(i){return{name:i,default:x1[i],selector:{number:{min:0,max:100,step:.1,mode:"box",unit_of_measurement:"%"}}}}var q={type:"expandable",name:"",title:"Score thresholds",flatten:!0,schema:w.map(i=>({type:"grid",name:"",schema:[DL(`${i}_warning`),DL(`${i}_critical`)]}))},Y=class extends E{constructor(){super(),this.schema=[]}setConfig(e){this.config=e}render(){return!this.hass||!this.config?l:o`<ha-form
      .hass=${this.hass}
      .data=${this.config}
      .schema=${this.schema}
      .computeLabel=${e=>Z4[e.name]??e.name}
      @value-changed=${this.valueChanged}
    ></ha-form>`}valueChanged(e){e.stopPropagation();let L=Object.fromEntries(Object.entries(e.detail.value).filter(([,t])=>t!==void 0&&t!==""));this.config=L,this.dispatchEvent(new CustomEvent("config-changed",{detail:{config:L},bubbles:!0,composed:!0}))}};Y.properties={hass:{attribute:!1},schema:{attribute:!1},config:{state:!0}},Y.styles=g`
    :host {
      display: block;
    }
  `;function _(i){let e=document.createElement(S1);return e.schema=i,e}var R4={bit:.125,kbit:125,Mbit:125e3,Gbit:125e6,B:1,kB:1e3,MB:1e6,GB:1e9,TB:1e12,PB:1e15,EB:1e18,KiB:1024,MiB:1048576,GiB:1073741824,TiB:1099511627776,PiB:0x4000000000000,EiB:1152921504606847e3},BL=["B","kB","MB","GB","TB","PB","EB"];function f(i){if(!i||i.state===""||i.state==="unknown"||i.state==="unavailable")return;let e=Number(i.state);return Number.isFinite(e)?e:void 0}function O(i){let e=f(i),L=R4[i?.attributes.unit_of_measurement??"B"];return e===void 0||L===void 0?void 0:e*L}function y(i,e,L=2){return new Intl.NumberFormat(e,{maximumFractionDigits:L,minimumFractionDigits:0}).format(i)}function A(i,e){let L=0,t=i;for(;Math.abs(t)>=1e3&&L<BL.length-1;)t/=1e3,L+=1;return`${y(t,e,L===0?0:2)} ${BL[L]}`}function M(i,e){if(!e||e.state==="unavailable"||e.state==="unknown")return"—";if(i.formatEntityState)return i.formatEntityState(e);let L=e.attributes.unit_of_measurement;return L?`${e.state} ${L}`:e.state}function v(i,e,L=1){return new Intl.NumberFormat(e,{style:"percent",maximumFractionDigits:L}).format(i/100)}function E1(i,e,L="USD"){try{return new Intl.NumberFormat(e,{style:"currency",currency:L}).format(i)}catch{return`${y(i,e,2)} ${L}`}}function w1(i,e){return i<1?`${y(i*1e3,e,0)} ms`:`${y(i,e,2)} s`}var C4=36e5,UL={storage:"Storage",egress:"Egress",repairAudit:"Repair & audit"},jL=["earnings_month","payout_month_projected","electricity_cost_month","net_profit_month"],N4={earnings_month:"Estimated this month",payout_month_projected:"Projected payout",electricity_cost_month:"Electricity this month",net_profit_month:"Net profit this month"},FL={error:"This node's device has no node ID: its payout statistics cannot be found."},k4={error:"The payout history needs Home Assistant's recorder, which is not running."},W=class extends u{constructor(){super(...arguments);this.fetchKey="";this.fetchedAt=0}static getConfigElement(){return _([S,b,PL])}static getStubConfig(L){let t=$(L);return t?{device_id:t.device.id}:{}}setConfig(L){let t=L?.months;if(t!==void 0&&(!Number.isInteger(t)||t<n1||t>r1))throw new Error(`months must be a whole number from ${n1} to ${r1}`);super.setConfig(L)}getCardSize(){return 9}getGridOptions(){return{columns:12,min_columns:6,min_rows:6}}watchedEntities(){let L=this.node;return L?[...jL,"payout_last_month"].flatMap(t=>L.entities.get(t)??[]):[]}get monthCount(){return this.config?.months??_1}updated(){let L=this.node,t=this.hass;if(!L||!t)return;let s=wL(L.device);if(!s){this.loaded!==FL&&(this.loaded=FL);return}let n=this.stateOf(L,"payout_last_month")?.state??"",r=`${s}:${this.monthCount}`,a=`${r}:${n}`;if(a===this.fetchKey&&Date.now()-this.fetchedAt<C4)return;this.fetchKey.startsWith(`${r}:`)||(this.loaded=void 0),this.fetchKey=a,this.fetchedAt=Date.now();let d=AL(s),c=this.monthCount;t.callWS({type:"recorder/statistics_during_period",start_time:TL(new Date,c).toISOString(),statistic_ids:Object.values(d),period:"month",types:["change"]}).then(p=>{this.fetchKey===a&&(this.loaded={months:ZL(p,d,c)})},()=>{this.fetchKey===a&&(this.loaded=k4)})}render(){if(!this.hass||!this.config)return l;let L=this.node;return L?this.frame(this.config.title??`${L.name} earnings`,o`${this.renderHistory(L)} ${this.renderThisMonth(L)}`):this.frame(this.config.title??"Storj earnings",this.noNodeMessage())}money(L){return L===void 0?"—":E1(L,this.locale)}renderHistory(L){let t=this.loaded;if(!t)return o`<section class="loading muted">Loading the payout history…</section>`;if("error"in t)return m("warning",t.error);if(t.months.length===0)return m("info","No payout months yet: the satellites publish a month's paystub around the 15th of the next month.","mdi:cash-clock");let{months:s}=t,n=f(this.stateOf(L,"earnings_month")),r=CL(Math.max(...s.map(RL),n??0)),a=kL(s);return o`<section>
        <h3>Earned per month</h3>
        <div class="chart" role="img" aria-label="Earned per month, stacked by storage, egress, repair and audit">
          <div class="axis muted small"><span>${this.money(r)}</span><span>${this.money(r/2)}</span><span>${this.money(0)}</span></div>
          <div class="bars ${s.length>8?"dense":""}">
            ${s.map(d=>this.renderBar(d,r))}
            ${OL(s,new Date).map(d=>this.renderPending(d))}
            ${n===void 0?l:this.renderEstimate(n,r)}
          </div>
        </div>
        <div class="legend">
          ${o1.map(d=>o`<span><i class="swatch ${d}"></i>${UL[d]} <b data-total=${d}>${this.money(a[d])}</b></span>`)}
          ${n===void 0?l:o`<span><i class="swatch estimate"></i>This month so far</span>`}
        </div>
      </section>
      <section>
        <div class="table-wrap">
          <table class="months">
            <thead>
              <tr>
                <th>Month</th>
                <th>Earned</th>
                <th>Held back</th>
                <th>Paid</th>
              </tr>
            </thead>
            <tbody>
              ${[...s].reverse().map(d=>o`<tr data-month=${M1(d.start)}>
                    <td>${F(d.start,this.locale,"long")}</td>
                    <td>${this.money(d.earned)}</td>
                    <td>${this.money(d.held)}</td>
                    <td>${this.money(d.paid)}</td>
                  </tr>`)}
            </tbody>
            <tfoot>
              <tr class="totals">
                <td>${s.length} months</td>
                <td data-total="earned">${this.money(a.earned)}</td>
                <td data-total="held">${this.money(a.held)}</td>
                <td data-total="paid">${this.money(a.paid)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </section>`}renderBar(L,t){let s=NL(L,t),n=[F(L.start,this.locale,"long"),`Earned ${this.money(L.earned)}`,...o1.map(r=>`${UL[r]} ${this.money(L[r])}`),`Held back ${this.money(L.held)}`,`Paid ${this.money(L.paid)}`].join(`
`);return o`<div
      class="bar-column"
      title=${n}
      data-bar=${M1(L.start)}
      data-earned=${L.earned??""}
      data-storage=${L.storage??""}
      data-egress=${L.egress??""}
      data-repair-audit=${L.repairAudit??""}
      data-held=${L.held??""}
      data-paid=${L.paid??""}
    >
      <div class="stack">
        ${o1.map(r=>o`<div class="segment ${r}" style="height: ${s[r]}%"></div>`)}
      </div>
      <span class="label small muted">${F(L.start,this.locale)}</span>
    </div>`}renderPending(L){let t=`${F(L,this.locale,"long")}: the paystub comes around the 15th of the next month`;return o`<div class="bar-column" title=${t} data-bar="pending" data-month=${M1(L)}>
      <div class="stack pending"><ha-icon icon="mdi:timer-sand"></ha-icon></div>
      <span class="label small muted">${F(L,this.locale)}</span>
    </div>`}renderEstimate(L,t){let s=new Date,n=Date.UTC(s.getUTCFullYear(),s.getUTCMonth(),1);return o`<div class="bar-column" title="This month so far (estimated): ${this.money(L)}" data-bar="estimate" data-estimate=${L}>
      <div class="stack">
        <div class="segment estimate" style="height: ${t>0?Math.max(L,0)/t*100:0}%"></div>
      </div>
      <span class="label small muted">${F(n,this.locale)}</span>
    </div>`}renderThisMonth(L){let t=jL.map(s=>[s,this.stateOf(L,s)]).filter(s=>s[1]!==void 0);return t.length===0?l:o`<div class="this-month">
      ${t.map(([s,n])=>o`<div class="stat">
            <span class="muted">${N4[s]}</span>
            <span
              class="value ${s==="net_profit_month"&&(f(n)??0)<0?"level-critical":""}"
              data-entity=${n.entity_id}
              >${M(this.hass,n)}</span
            >
          </div>`)}
    </div>`}};W.properties={...u.properties,loaded:{state:!0}},W.styles=[u.styles,xL,SL,g`
      ha-card {
        container-type: inline-size;
      }
      .small {
        font-size: var(--ha-font-size-xs, 10px);
      }
      .chart {
        display: flex;
        gap: 6px;
        height: 180px;
      }
      .axis {
        display: flex;
        flex-direction: column;
        justify-content: space-between;
        text-align: right;
        padding-bottom: 16px;
        line-height: 1;
      }
      .bars {
        flex: 1;
        min-width: 0;
        display: flex;
        align-items: stretch;
        gap: 3px;
        border-left: 1px solid var(--divider-color);
      }
      .bar-column {
        flex: 1;
        min-width: 0;
        display: flex;
        flex-direction: column;
        align-items: center;
      }
      .stack {
        flex: 1;
        width: 100%;
        max-width: 36px;
        display: flex;
        flex-direction: column-reverse;
        border-bottom: 1px solid var(--divider-color);
      }
      .segment {
        width: 100%;
      }
      .segment.repairAudit {
        border-radius: 3px 3px 0 0;
      }
      .label {
        height: 16px;
        line-height: 16px;
        white-space: nowrap;
        overflow: hidden;
        max-width: 100%;
      }
      .storage {
        background: var(--primary-color);
      }
      .egress {
        background: var(--accent-color, #ff9800);
      }
      .repairAudit {
        background: var(--purple-color, #926bc7);
      }
      .stack.pending {
        align-items: center;
        color: var(--secondary-text-color);
        --mdc-icon-size: 14px;
      }
      .segment.estimate {
        border: 2px dashed var(--primary-color);
        border-bottom: none;
        border-radius: 3px 3px 0 0;
        box-sizing: border-box;
      }
      .swatch.estimate {
        border: 1px dashed var(--primary-color);
        box-sizing: border-box;
      }
      .totals td {
        font-weight: var(--ha-font-weight-medium, 500);
        border-top: 2px solid var(--divider-color);
      }
      .this-month {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(110px, 1fr));
        gap: 8px;
      }
      .stat .value.level-critical {
        color: var(--storj-critical);
      }
      /* Phones with many months: every other month label, so the labels never overlap. */
      @container (max-width: 440px) {
        .dense .bar-column:nth-last-child(even) .label {
          visibility: hidden;
        }
      }
    `];var KL={disqualified:0,suspended:1,offline:2,unknown:3,online:4};function zL(i){return Array.isArray(i)?i.filter(e=>typeof e=="string"):[]}function GL(i,e){if(e?.state==="on"){let L=zL(e.attributes.disqualified),t=zL(e.attributes.suspended);if(L.length)return{kind:"disqualified",level:"critical",label:`Disqualified (${L.join(", ")})`,entity:e.entity_id};if(t.length)return{kind:"suspended",level:"critical",label:`Suspended (${t.join(", ")})`,entity:e.entity_id}}return i?i.state==="on"?{kind:"online",level:"ok",label:"Online",entity:i.entity_id}:{kind:"offline",level:"critical",label:"Offline",entity:i.entity_id}:{kind:"unknown",level:"unknown",label:"Unknown"}}var O4="Fleet";function Y1(i){let e=Object.values(i.devices).find(t=>t?.model===O4);if(!e)return;let L=new Map;for(let t of Object.values(i.entities))t?.platform===N&&t.device_id===e.id&&t.translation_key&&L.set(t.translation_key,t.entity_id);return L.size>0?L:void 0}function YL(i,e){let L=c=>{let p=e.get(c);return p?i.states[p]:void 0},t=f(L("fleet_nodes_online")),s=f(L("fleet_nodes_total")),n=O(L("fleet_disk_used")),r=O(L("fleet_disk_allocated")),a=L("fleet_earnings_month"),d=f(a);if(![t,s,n,r,d].some(c=>c===void 0))return{source:"fleet",online:t,total:s,usedBytes:n,allocatedBytes:r,earnings:d,currency:a?.attributes.unit_of_measurement,entities:{online:e.get("fleet_nodes_online"),disk:e.get("fleet_disk_used"),earnings:e.get("fleet_earnings_month")}}}var H4=[{key:"name",label:"Node"},{key:"status",label:"Status"},{key:"disk",label:"Disk"},{key:"earnings",label:"This month"},{key:"score",label:"Worst score"}],q1={unknown:-1,ok:0,warning:1,critical:2},V=class extends u{constructor(){super(),this.sortBy="name",this.descending=!1}static getConfigElement(){return _([b,q])}static getStubConfig(){return{}}getCardSize(){return 2+(this.hass?j(this.hass).length:1)}getGridOptions(){return{columns:12,min_columns:6}}watchedEntities(){if(!this.hass)return[];let e=Y1(this.hass);return[...j(this.hass).flatMap(L=>[...L.entities.values()]),...e?e.values():[]]}row(e){let L=s=>this.stateOf(e,s),t=w.flatMap(s=>{let n=L(`worst_${s}_score`),r=f(n);return n&&r!==void 0?[{kind:s,value:r,stateObj:n,level:G(s,r,this.config)}]:[]});return t.sort((s,n)=>q1[n.level]-q1[s.level]||s.value-n.value),{node:e,reachable:L("reachable"),status:GL(L("reachable"),L("satellite_problem")),usedBytes:O(L("disk_used")),allocatedBytes:O(L("disk_allocated")),usedPercent:f(L("disk_used_percent")),earnings:L("earnings_month"),worst:t[0]}}sortValue(e){switch(this.sortBy){case"name":return e.node.name;case"status":return KL[e.status.kind];case"disk":return e.usedPercent??-1;case"earnings":return f(e.earnings)??-1;case"score":return e.worst?-q1[e.worst.level]*1e3+e.worst.value:1e9}}sorted(e){let L=this.descending?-1:1;return e.sort((t,s)=>{let n=this.sortValue(t),r=this.sortValue(s);return(typeof n=="string"&&typeof r=="string"?n.localeCompare(r,void 0,{numeric:!0}):Number(n)-Number(r))*L})}sort(e){this.descending=this.sortBy===e?!this.descending:!1,this.sortBy=e}render(){if(!this.hass||!this.config)return l;let e=this.config.title??"Storj nodes",L=j(this.hass);if(L.length===0)return this.frame(e,this.noNodeMessage());let t=this.sorted(L.map(s=>this.row(s)));return this.frame(e,o`<div class="table-wrap">
        <table class="fleet">
          <thead>
            <tr>
              ${H4.map(s=>o`<th
                    class="sortable"
                    data-column=${s.key}
                    aria-sort=${this.sortBy===s.key?this.descending?"descending":"ascending":"none"}
                    @click=${()=>this.sort(s.key)}
                  >
                    ${s.label}${this.sortBy===s.key?o`<ha-icon .icon=${this.descending?"mdi:menu-down":"mdi:menu-up"}></ha-icon>`:l}
                  </th>`)}
            </tr>
          </thead>
          <tbody>
            ${t.map(s=>this.renderRow(s))}
          </tbody>
          <tfoot>
            ${this.renderTotals(t)}
          </tfoot>
        </table>
      </div>`)}renderRow(e){let{status:L}=e;return o`<tr data-node=${e.node.device.id}>
      <td class="name">${e.node.name}</td>
      <td
        class="level-${L.level}"
        data-entity=${L.entity??l}
        data-level=${L.level}
        data-status=${L.kind}
        title=${L.label}
      >
        <ha-icon class="dot" icon="mdi:circle"></ha-icon><span class="wide">${L.label}</span>
      </td>
      <td data-entity=${e.node.entities.get("disk_used_percent")??l}>
        ${e.usedPercent===void 0?"—":v(e.usedPercent,this.locale)}
        <div class="muted small">
          ${e.usedBytes===void 0?"":A(e.usedBytes,this.locale)}${e.allocatedBytes===void 0?"":` / ${A(e.allocatedBytes,this.locale)}`}
        </div>
      </td>
      <td data-entity=${e.earnings?.entity_id??l}>${M(this.hass,e.earnings)}</td>
      ${e.worst?o`<td class="level-${e.worst.level}" data-entity=${e.worst.stateObj.entity_id} data-level=${e.worst.level}>
            ${M(this.hass,e.worst.stateObj)}
            <div class="muted small">${e.worst.kind}</div>
          </td>`:o`<td class="level-unknown" data-level="unknown">—</td>`}
    </tr>`}totals(e){let L=Y1(this.hass),t=L?YL(this.hass,L):void 0;return t||{source:"nodes",online:e.filter(s=>s.reachable?.state==="on").length,total:e.length,usedBytes:e.reduce((s,n)=>s+(n.usedBytes??0),0),allocatedBytes:e.reduce((s,n)=>s+(n.allocatedBytes??0),0),earnings:e.reduce((s,n)=>s+(f(n.earnings)??0),0),currency:e.find(s=>s.earnings)?.earnings?.attributes.unit_of_measurement,entities:{}}}renderTotals(e){let L=this.totals(e),{usedBytes:t,allocatedBytes:s}=L,n=IL(e.map(r=>r.worst?.level??"unknown"));return o`<tr class="totals" data-source=${L.source}>
      <td>Total (${L.total})</td>
      <td data-total="online" data-entity=${L.entities.online??l}>
        ${L.online} / ${L.total}<span class="wide"> online</span>
      </td>
      <td data-total="disk">
        ${s>0?v(t/s*100,this.locale):"—"}
        <div class="muted small" data-entity=${L.entities.disk??l}>${A(t,this.locale)} / ${A(s,this.locale)}</div>
      </td>
      <td data-total="earnings" data-entity=${L.entities.earnings??l}>
        ${E1(L.earnings,this.locale,L.currency)}
      </td>
      <td class="level-${n}" data-total="score">${n==="unknown"?"—":n}</td>
    </tr>`}};V.properties={...u.properties,sortBy:{state:!0},descending:{state:!0}},V.styles=[u.styles,g`
      ha-card {
        container-type: inline-size;
      }
      th.sortable {
        cursor: pointer;
        user-select: none;
        white-space: normal;
        --mdc-icon-size: 18px;
      }
      .dot {
        --mdc-icon-size: 10px;
        margin-right: 4px;
        vertical-align: middle;
      }
      /* Phones: the status shows as a coloured dot, the table keeps every column. */
      @container (max-width: 440px) {
        .wide {
          display: none;
        }
        .dot {
          margin-right: 0;
        }
        th,
        td {
          padding: 6px 2px;
        }
      }
      .small {
        font-size: var(--ha-font-size-xs, 11px);
      }
      .totals td {
        font-weight: var(--ha-font-weight-medium, 500);
        border-top: 2px solid var(--divider-color);
      }
      .totals .level-ok,
      .totals .level-warning,
      .totals .level-critical {
        text-transform: capitalize;
      }
    `];var A1=g`
  .histograms {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(var(--storj-histogram-min-width, 200px), 1fr));
    gap: 16px;
  }
  figure {
    margin: 0;
  }
  figcaption {
    font-size: var(--ha-font-size-s, 12px);
    margin-bottom: 4px;
  }
  .bars {
    display: flex;
    align-items: flex-end;
    gap: 2px;
    height: var(--storj-bars-height, 80px);
    border-bottom: 1px solid var(--divider-color);
  }
  .bar {
    flex: 1;
    min-height: 1px;
    background: var(--primary-color);
    border-radius: 2px 2px 0 0;
  }
  .axis {
    display: flex;
    justify-content: space-between;
    font-size: var(--ha-font-size-xs, 11px);
  }
`;var I4="storj_monitor/subscribe",T=class{constructor(e,L){this.host=e;this.nodeDevice=L;e.addController(this)}hostConnected(){this.sync()}hostUpdate(){this.sync()}hostDisconnected(){this.stop()}sync(){let e=this.host.hass,L=this.nodeDevice();!this.host.isConnected||!e?.connection||L===this.deviceId&&e.connection===this.connection||(this.stop(),L&&(this.deviceId=L,this.connection=e.connection,this.unsubscribe=e.connection.subscribeMessage(t=>{this.deviceId===L&&(this.data=t,this.error=void 0,this.host.requestUpdate())},{type:I4,device_id:L}).catch(t=>(this.error=t?.message??t?.code??String(t),this.host.requestUpdate(),()=>{}))))}stop(){let e=this.unsubscribe;this.unsubscribe=void 0,this.deviceId=void 0,this.connection=void 0,this.data=void 0,this.error=void 0,e?.then(L=>L()).catch(()=>{})}};function W1(i){return`${i.lat.toFixed(1)},${i.lon.toFixed(1)}`}function qL(i){let e=L=>L>=1048576?`${L/1048576} MiB`:`${L/1024} KiB`;return i.length===0?[]:[`< ${e(i[0])}`,...i.slice(1).map((L,t)=>`${e(i[t])}–${e(L)}`),`≥ ${e(i[i.length-1])}`]}function T1(i){let e=i.metric.replaceAll("_"," ").replace(/\bp95\b/,"P95");return`${e.charAt(0).toUpperCase()}${e.slice(1)} ${i.direction} normal`}var D4=5,P4=5,B4=[{key:"upload",label:"Uploads"},{key:"download",label:"Downloads"}],a1=class extends u{constructor(){super(...arguments);this.live=new T(this,()=>this.node?.device.id)}static getConfigElement(){return _([S,b,{name:"top_errors",selector:{number:{min:0,max:10,mode:"box"}}},{name:"hot_pieces",selector:{number:{min:0,max:10,mode:"box"}}}])}static getStubConfig(L){let t=$(L);return t?{device_id:t.device.id}:{}}getCardSize(){return 9}getGridOptions(){return{columns:12,min_columns:6,min_rows:6}}watchedEntities(){let L=this.node;return["log_source_connected"].flatMap(t=>L?.entities.get(t)??[])}render(){if(!this.hass||!this.config)return l;let L=this.node,t=this.config.title??(L?`${L.name} insights`:"Storj insights");if(!L)return this.frame(t,this.noNodeMessage());let s=this.live.data;if(!s)return this.frame(t,this.live.error?m("warning",`The node's live data cannot be read: ${this.live.error}`):m("info","Waiting for the node's live data…","mdi:timer-sand"));if(!s.loaded)return this.frame(t,m("info","The node is restarting…","mdi:restart"));let n=s.log;return this.frame(t,o`<div class="live" data-lines=${n?.lines??l}></div>
        ${this.renderAnomalies(s.insights)}
        ${n?o`${n.connected?l:m("warning","The log source is disconnected: these figures stopped updating.")}
            ${this.renderErrors(n)} ${this.renderPieceSizes(n)} ${this.renderHotPieces(n)}
            ${this.renderSatellites(n.satellites)}`:m("info","No log insights: they come from the node's log. Set a log source in the Storj Monitor integration options.","mdi:text-box-search-outline")}`)}renderAnomalies(L){let t;return L===null?t=o`<div class="muted" data-anomalies="off">Anomaly detection is switched off.</div>`:L.length===0?t=o`<div class="muted" data-anomalies="none">Nothing unusual: every watched figure is normal.</div>`:t=o`<ul class="anomalies">
        ${L.map(s=>o`<li data-anomaly=${s.metric}>
            <span class="level-warning">${T1(s)}</span>
            <span class="muted">
              z ${y(s.z,this.locale,1)}, since
              ${new Date(s.since).toLocaleString(this.locale,{dateStyle:"short",timeStyle:"short"})}</span
            >
          </li>`)}
      </ul>`,o`<section><h3>Unusual now</h3>${t}</section>`}renderErrors(L){let t=this.config?.top_errors??D4;if(t<=0)return l;let s=L.errors.top.slice(0,t);return o`<section>
      <h3>Errors</h3>
      <div class="muted summary" data-distinct=${L.errors.distinct_last_hour}>
        ${y(L.errors.distinct_last_hour,this.locale,0)} distinct error types in the last hour
      </div>
      ${s.length===0?o`<div class="muted">No errors logged.</div>`:o`<table class="errors">
            <thead>
              <tr>
                <th>Error</th>
                <th>Last hour</th>
                <th>Total</th>
              </tr>
            </thead>
            <tbody>
              ${s.map((n,r)=>o`<tr data-row="error-${r}">
                  <td class="error-text" title=${n.text}>${n.text}</td>
                  <td>${y(n.last_hour,this.locale,0)}</td>
                  <td>${y(n.total,this.locale,0)}</td>
                </tr>`)}
            </tbody>
          </table>`}
    </section>`}renderPieceSizes(L){let t=qL(L.piece_sizes.bounds);return o`<section>
      <h3>Piece sizes</h3>
      <div class="histograms">
        ${B4.map(({key:s,label:n})=>{let r=L.piece_sizes[s],a=Math.max(1,...r),d=r.reduce((c,p)=>c+p,0);return o`<figure class="histogram" data-direction=${s}>
            <figcaption class="muted">${n}: ${y(d,this.locale,0)}</figcaption>
            <div class="bars">
              ${r.map((c,p)=>o`<div
                    class="bar"
                    data-count=${c}
                    style="height: ${c/a*100}%"
                    title="${t[p]}: ${y(c,this.locale,0)}"
                  ></div>`)}
            </div>
            <div class="axis muted"><span>${t[0]}</span><span>${t[t.length-1]}</span></div>
          </figure>`})}
      </div>
    </section>`}renderHotPieces(L){let t=this.config?.hot_pieces??P4;if(t<=0)return l;let s=L.hot_pieces.pieces.slice(0,t);return o`<section>
      <h3>Most downloaded pieces (24 h)</h3>
      ${s.length===0?o`<div class="muted" data-hot="none">No piece was downloaded more than once in the last 24 hours.</div>`:o`<table class="hot">
            <thead>
              <tr>
                <th>Piece</th>
                <th>Downloads</th>
              </tr>
            </thead>
            <tbody>
              ${s.map(n=>o`<tr data-row="piece-${n.piece}">
                  <td class="piece" title=${n.piece}>${n.piece.slice(0,12)}…</td>
                  <td>
                    ${n.downloads===n.at_least?y(n.downloads,this.locale,0):`${y(n.at_least,this.locale,0)}–${y(n.downloads,this.locale,0)}`}
                  </td>
                </tr>`)}
            </tbody>
          </table>`}
    </section>`}rate(L){return L?.success_rate==null?"—":v(L.success_rate,this.locale)}speed(L){return L==null?"—":`${A(L,this.locale)}/s`}renderSatellites(L){return L.length===0?l:o`<section>
      <h3>Satellites</h3>
      <div class="table-wrap">
        <table class="satellites">
          <thead>
            <tr>
              <th>Satellite</th>
              <th>Down</th>
              <th>Up</th>
              <th>Egress</th>
              <th>Ingress</th>
            </tr>
          </thead>
          <tbody>
            ${L.map(t=>o`<tr data-satellite=${t.id}>
                <td>${t.name}</td>
                <td>${this.rate(t.actions.GET)}</td>
                <td>${this.rate(t.actions.PUT)}</td>
                <td>${this.speed(t.egress_bps)}</td>
                <td>${this.speed(t.ingress_bps)}</td>
              </tr>`)}
          </tbody>
        </table>
      </div>
    </section>`}};a1.styles=[u.styles,A1,g`
      section {
        min-width: 0;
      }
      .summary {
        font-size: var(--ha-font-size-s, 12px);
        margin-bottom: 4px;
      }
      .anomalies {
        margin: 0;
        padding: 0;
        list-style: none;
        display: flex;
        flex-direction: column;
        gap: 4px;
      }
      .anomalies li {
        display: flex;
        flex-wrap: wrap;
        gap: 0 8px;
      }
      table.errors,
      table.hot {
        table-layout: fixed;
      }
      .errors th:not(:first-child),
      .errors td:not(:first-child) {
        width: 5.5em;
      }
      .error-text {
        font-family: var(--ha-font-family-code, monospace);
        font-size: var(--ha-font-size-s, 12px);
        overflow-wrap: anywhere;
      }
      .piece {
        font-family: var(--ha-font-family-code, monospace);
      }
      :host {
        --storj-bars-height: 60px;
        --storj-histogram-min-width: 150px;
      }
    `];function WL(i){return Array.isArray(i)?i.filter(e=>typeof e=="object"&&e!==null&&typeof e.le=="number"&&typeof e.count=="number").sort((e,L)=>e.le-L.le):[]}var V1=["download","upload"],Q1=["p50","p95","p99"],VL={download:"Download",upload:"Upload"},U4=[{key:"success_rate_audit",label:"Audit"},{key:"success_rate_repair_download",label:"Repair download"},{key:"success_rate_repair_upload",label:"Repair upload"}],QL=V1.flatMap(i=>Q1.map(e=>`${i}_latency_${e}`)),d1=class extends u{constructor(){super(...arguments);this.live=new T(this,()=>this.node?.device.id)}static getConfigElement(){return _([S,b])}static getStubConfig(L){let t=$(L);return t?{device_id:t.device.id}:{}}getCardSize(){return 6}getGridOptions(){return{columns:12,min_columns:6,min_rows:5}}watchedEntities(){return[...this.node?.entities.values()??[]]}render(){if(!this.hass||!this.config)return l;let L=this.node,t=this.config.title??(L?`${L.name} transfers`:"Storj transfers");return L?QL.some(s=>L.entities.has(s))?QL.some(s=>f(this.stateOf(L,s))!==void 0)?this.frame(t,o`${this.renderConnection(L)} ${this.renderPercentiles(L)} ${this.renderOtherRates(L)}
      ${this.renderHistograms(L)}`):this.frame(t,o`${this.renderConnection(L)}
        ${m("info","No transfers measured yet: they appear as the node's log is read.","mdi:timer-sand")}`):this.frame(t,m("info","No transfer statistics: latency and success rates come from the node's log. Set a log source in the Storj Monitor integration options.","mdi:text-box-search-outline")):this.frame(t,this.noNodeMessage())}renderConnection(L){return this.stateOf(L,"log_source_connected")?.state==="off"?m("warning","The log source is disconnected: these figures stopped updating."):l}cell(L,t){let s=this.stateOf(L,t);return o`<td data-entity=${s?.entity_id??l}>${M(this.hass,s)}</td>`}renderPercentiles(L){return o`<div class="table-wrap">
      <table class="latency">
        <thead>
          <tr>
            <th></th>
            ${Q1.map(t=>o`<th>${t}</th>`)}
            <th>Success</th>
          </tr>
        </thead>
        <tbody>
          ${V1.map(t=>o`<tr data-direction=${t}>
              <td>${VL[t]}</td>
              ${Q1.map(s=>this.cell(L,`${t}_latency_${s}`))} ${this.cell(L,`success_rate_${t}`)}
            </tr>`)}
        </tbody>
      </table>
    </div>`}renderOtherRates(L){let t=U4.filter(s=>L.entities.has(s.key));return t.length===0?l:o`<div class="rates">
      ${t.map(s=>o`<div class="rate">
          <span class="muted">${s.label}</span>
          <span data-entity=${L.entities.get(s.key)}
            >${M(this.hass,this.stateOf(L,s.key))}</span
          >
        </div>`)}
    </div>`}renderHistograms(L){let t=this.live.data?.log;return o`<div class="histograms" data-lines=${t?.lines??l}>
      ${V1.map(s=>{let n=this.stateOf(L,`${s}_latency_p50`),r=WL(t?.latency[s]?.histogram);return o`<figure class="histogram" data-direction=${s} data-source=${n?.entity_id??l}>
          <figcaption class="muted">${VL[s]} latency</figcaption>
          ${r.length===0?o`<div class="muted empty">No samples yet</div>`:this.renderBars(r)}
        </figure>`})}
    </div>`}renderBars(L){let t=Math.max(...L.map(n=>n.count),1),s=L.reduce((n,r)=>n+r.count,0);return o`<div class="bars">
        ${L.map(n=>o`<div
              class="bar"
              data-count=${n.count}
              style="height: ${n.count/t*100}%"
              title="≤ ${w1(n.le,this.locale)}: ${y(n.count,this.locale,0)} (${v(s?n.count/s*100:0,this.locale)})"
            ></div>`)}
      </div>
      <div class="axis muted">
        <span>${w1(L[0].le,this.locale)}</span
        ><span>${w1(L[L.length-1].le,this.locale)}</span>
      </div>`}};d1.styles=[u.styles,A1,g`
      .rates {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 24px;
      }
      .rate {
        display: flex;
        flex-direction: column;
        font-size: var(--ha-font-size-s, 12px);
      }
      .rate span:last-child {
        font-size: var(--ha-font-size-l, 16px);
      }
      .empty {
        height: 80px;
        display: flex;
        align-items: center;
        justify-content: center;
      }
    `];var Z1="audit_failures_until_disqualification",R1="online_score_if_offline_24h";function C1(i,e){let L=f(i);if(L!==void 0)return`${y(L,e,0)} ${L===1?"failure":"failures"} to DQ`}function N1(i,e){let L=f(i);return L===void 0?void 0:`${v(L,e,2)} if offline 24 h`}var JL="unknown_failures_until_suspension",XL="online_score_recovery";function L4(i,e){let L=f(i);if(L!==void 0)return`${y(L,e,0)} unknown ${L===1?"error":"errors"} to suspension`}function e4(i,e){let L=i?.state;if(!L||L==="unknown"||L==="unavailable")return;let t=new Date(L);if(!Number.isNaN(t.getTime()))return`recovers by ${new Intl.DateTimeFormat(e,{month:"short",day:"numeric"}).format(t)}`}async function t4(i,e,L,t=new Date){let s=new Map;if(e.length===0)return s;let n=await i.callWS({type:"recorder/statistics_during_period",start_time:new Date(t.getTime()-L*864e5).toISOString(),statistic_ids:e,period:"hour",types:["mean"]});for(let r of e){let a=n[r]?.find(d=>typeof d.mean=="number");a?.mean!=null&&s.set(r,a.mean)}return s}function s4(i,e){if(i===void 0||e===void 0)return;let L=e-i;return Math.abs(L)<.05?"flat":L>0?"up":"down"}var j4=7,F4=36e5,z4={up:"mdi:arrow-top-right",down:"mdi:arrow-bottom-right",flat:"mdi:arrow-right"},K4={audit:"Audit",suspension:"Suspension",online:"Online"},G4={ok:"QUIC OK",misconfigured:"QUIC misconfigured",disabled:"QUIC disabled",refreshing:"QUIC refreshing"},Q=class extends u{constructor(){super();this.live=new T(this,()=>this.node?.device.id);this.trendKey="";this.trendFetchedAt=0;this.baselines=new Map}static getConfigElement(){return _([S,b,{name:"trend_days",selector:{number:{min:1,max:90,mode:"box",unit_of_measurement:"d"}}},q])}static getStubConfig(L){let t=$(L);return t?{device_id:t.device.id}:{}}getCardSize(){return 8}getGridOptions(){return{columns:12,min_columns:6,min_rows:6}}watchedEntities(){let L=this.node;if(!L||!this.hass)return[];let t=k(this.hass,L).flatMap(s=>[...s.entities.values()]);return[...L.entities.values(),...t]}scoreEntities(L){return L.flatMap(t=>w.map(s=>t.entities.get(`${s}_score`)).filter(s=>!!s))}updated(){let L=this.node;if(!L||!this.hass)return;let t=this.scoreEntities(k(this.hass,L)),s=this.config?.trend_days??j4,n=`${s}:${t.join(",")}`;n===this.trendKey&&Date.now()-this.trendFetchedAt<F4||(this.trendKey=n,this.trendFetchedAt=Date.now(),t4(this.hass,t,s).then(r=>{this.trendKey===n&&(this.baselines=r)},()=>{}))}render(){if(!this.hass||!this.config)return l;let L=this.node;return L?this.frame(this.config.title??L.name,o`${this.renderBadges(L)} ${this.renderAnomalies()} ${this.renderDisk(L)} ${this.renderEarnings(L)}
      ${this.renderReputation(L)}`):this.frame(this.config.title??"Storj node",this.noNodeMessage())}renderAnomalies(){let L=this.live.data?.insights??[];return L.length===0?l:o`<div class="anomalies">
      ${L.map(t=>o`<div class="anomaly level-warning" data-anomaly=${t.metric}>
          <ha-icon icon="mdi:chart-bell-curve"></ha-icon>${T1(t)}
        </div>`)}
    </div>`}value(L,t){let s=this.stateOf(L,t);return o`<span class="value" data-entity=${s?.entity_id??l}
      >${M(this.hass,s)}</span
    >`}badge(L,t,s,n){return o`<span class="badge level-${t}" data-entity=${L?.entity_id??l} data-level=${t}>
      <ha-icon .icon=${s}></ha-icon>${n}
    </span>`}renderBadges(L){let t=this.stateOf(L,"reachable"),s=this.stateOf(L,"quic_status"),n=this.stateOf(L,"version"),r=this.stateOf(L,"update_required")?.state==="on",a=t?.state==="on",d=!s||s.state==="unavailable"?"unknown":s.state==="ok"?"ok":"warning";return o`<div class="badges">
      ${this.badge(t,t?a?"ok":"critical":"unknown",a?"mdi:lan-connect":"mdi:lan-disconnect",t?a?"Reachable":"Unreachable":"Reachability unknown")}
      ${this.badge(s,d,"mdi:rocket-launch-outline",G4[s?.state??""]??"QUIC unknown")}
      ${this.badge(n,r?"warning":n?"ok":"unknown",r?"mdi:update":"mdi:tag-outline",`${n&&n.state!=="unavailable"?`v${n.state}`:"Version unknown"}${r?" · update required":""}`)}
    </div>`}diskSegments(L){let t=h=>O(this.stateOf(L,h)),s=t("disk_used"),n=t("disk_free");if(s===void 0||n===void 0)return;let r=t("disk_trash")??0,a=t("disk_reclaimable")??0,d=t("disk_allocated")??s+n,c=h=>L.entities.get(h);return{segments:[{key:"data",label:"Used",bytes:Math.max(0,s-r-a),entityId:c("disk_used")},{key:"trash",label:"Trash",bytes:r,entityId:c("disk_trash")},{key:"reclaimable",label:"Reclaimable",bytes:a,entityId:c("disk_reclaimable")},{key:"free",label:"Free",bytes:n,entityId:c("disk_free")}],total:Math.max(d,s+n)}}renderDisk(L){let t=this.diskSegments(L);if(!t)return o`<section><h3>Disk</h3>${m("info","No disk data from the node yet.")}</section>`;let s=f(this.stateOf(L,"disk_used_percent")),n=this.stateOf(L,"days_until_full"),r=t.segments.filter(a=>a.key==="data"||a.key==="free"||a.bytes>0);return o`<section>
      <h3>Disk</h3>
      <div class="bar" role="img" aria-label="Disk usage">
        ${r.map(a=>o`<div
              class="segment ${a.key}"
              style="flex-grow: ${t.total>0?a.bytes/t.total:0}"
              title="${a.label}: ${A(a.bytes,this.locale)}"
            ></div>`)}
      </div>
      <div class="legend">
        ${r.map(a=>o`<span class="legend-item"
              ><i class="swatch ${a.key}"></i>${a.label}
              <b data-entity=${a.key==="data"?l:a.entityId??l}
                >${A(a.bytes,this.locale)}</b
              ></span
            >`)}
      </div>
      <div class="facts">
        <span
          >${s===void 0?"—":v(s,this.locale)} of
          ${this.value(L,"disk_allocated")} used</span
        >
        <span
          >${n?o`<ha-icon icon="mdi:calendar-clock"></ha-icon> Full in ${this.value(L,"days_until_full")}`:o`<span class="muted" data-missing="days_until_full">No disk-full forecast yet</span>`}</span
        >
      </div>
    </section>`}renderEarnings(L){return o`<section>
      <h3>Earnings</h3>
      <div class="stats">
        <div class="stat"><span class="muted">This month</span>${this.value(L,"earnings_month")}</div>
        <div class="stat"><span class="muted">Expected payout</span>${this.value(L,"payout_month_expected")}</div>
        <div class="stat"><span class="muted">Held back</span>${this.value(L,"held_month")}</div>
      </div>
    </section>`}renderScore(L,t){let s=this.hass.states[L.entities.get(`${t}_score`)??""],n=f(s),r=G(t,n,this.config),a=s?s4(this.baselines.get(s.entity_id),n):void 0;return o`<td class="level-${r}" data-entity=${s?.entity_id??l} data-level=${r}>
      <span class="score">${M(this.hass,s)}</span>${a?o`<ha-icon class="trend" data-trend=${a} .icon=${z4[a]}></ha-icon>`:o`<span class="trend"></span>`}
    </td>`}satelliteFlags(L){let t=r=>this.hass.states[L.entities.get(r)??""]?.state==="on",s=[];return t("disqualified")&&s.push(o`<span class="flag level-critical">disqualified</span>`),t("suspended")&&s.push(o`<span class="flag level-critical">suspended</span>`),this.hass.states[L.entities.get("vetted")??""]?.state==="off"&&s.push(o`<span class="flag muted">vetting</span>`),s}renderForecast(L){let t=this.hass.states[L.entities.get(Z1)??""],s=this.hass.states[L.entities.get(R1)??""],n=C1(t,this.locale),r=N1(s,this.locale);return!n&&!r?l:o`<div class="forecast muted">
      ${n?o`<span data-entity=${t.entity_id}>${n}</span>`:l}
      ${r?o`<span data-entity=${s.entity_id}>${r}</span>`:l}
    </div>`}renderReputation(L){let t=k(this.hass,L);return t.length===0?o`<section><h3>Reputation</h3>${m("info","The node reports no satellites yet.")}</section>`:o`<section>
      <h3>Reputation</h3>
      <div class="table-wrap">
        <table class="reputation">
          <thead>
            <tr>
              <th>Satellite</th>
              ${w.map(s=>o`<th>${K4[s]}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${t.map(s=>o`<tr data-satellite=${s.device.id}>
                  <td>${s.name} ${this.satelliteFlags(s)} ${this.renderForecast(s)}</td>
                  ${w.map(n=>this.renderScore(s,n))}
                </tr>`)}
          </tbody>
        </table>
      </div>
    </section>`}};Q.properties={...u.properties,baselines:{state:!0}},Q.styles=[u.styles,g`
      .anomalies {
        display: flex;
        flex-direction: column;
        gap: 4px;
      }
      .anomaly {
        display: flex;
        align-items: center;
        gap: 6px;
      }
      .badges {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
      }
      .badge {
        display: inline-flex;
        align-items: center;
        gap: 4px;
        padding: 2px 10px 2px 6px;
        border-radius: 16px;
        border: 1px solid currentColor;
        font-size: var(--ha-font-size-s, 12px);
        --mdc-icon-size: 16px;
      }
      .badge.level-unknown {
        color: var(--secondary-text-color);
      }
      .bar {
        display: flex;
        height: 14px;
        border-radius: 7px;
        overflow: hidden;
        background: var(--secondary-background-color);
      }
      .segment,
      .swatch {
        background: var(--primary-color);
      }
      .trash {
        background: var(--storj-warning);
      }
      .reclaimable {
        background: var(--accent-color, #ff9800);
        opacity: 0.6;
      }
      .free {
        background: var(--divider-color);
      }
      .legend,
      .facts {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 16px;
        margin-top: 8px;
        font-size: var(--ha-font-size-s, 12px);
        color: var(--secondary-text-color);
      }
      .legend b {
        color: var(--primary-text-color);
        font-weight: var(--ha-font-weight-medium, 500);
      }
      .facts {
        justify-content: space-between;
        color: var(--primary-text-color);
        font-size: var(--ha-font-size-m, 14px);
        --mdc-icon-size: 18px;
      }
      .swatch {
        display: inline-block;
        width: 10px;
        height: 10px;
        border-radius: 2px;
        margin-right: 4px;
      }
      .stats {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(100px, 1fr));
        gap: 8px;
      }
      .stat {
        display: flex;
        flex-direction: column;
        gap: 2px;
        font-size: var(--ha-font-size-s, 12px);
      }
      .stat .value {
        font-size: var(--ha-font-size-xl, 20px);
        color: var(--primary-text-color);
      }
      .trend {
        /* Always takes the arrow's room, so scores with and without one stay aligned. */
        display: inline-block;
        width: 16px;
        --mdc-icon-size: 16px;
        margin-left: 2px;
        vertical-align: text-bottom;
      }
      .forecast {
        display: flex;
        flex-wrap: wrap;
        gap: 0 8px;
        font-size: var(--ha-font-size-xs, 10px);
      }
      .flag {
        font-size: var(--ha-font-size-xs, 10px);
        text-transform: uppercase;
        margin-left: 4px;
      }
    `];var J={audit:96,suspension:60,online:60},i4={audit:"disqualification",suspension:"suspension",online:"suspension"};function n4(i,e){if(e===void 0)return;let L=J[i];return Math.min(100,Math.max(0,(e-L)/(100-L)*100))}var r4={audit:"Audit",suspension:"Suspension",online:"Online"},Y4={audit:[[Z1,C1]],suspension:[[JL,L4]],online:[[R1,N1],[XL,e4]]},l1=class extends u{static getConfigElement(){return _([S,b,q])}static getStubConfig(e){let L=$(e);return L?{device_id:L.device.id}:{}}getCardSize(){return 2+3*(this.node&&this.hass?k(this.hass,this.node).length:1)}getGridOptions(){return{columns:12,min_columns:6,min_rows:4}}watchedEntities(){let e=this.node;return!e||!this.hass?[]:k(this.hass,e).flatMap(L=>[...L.entities.values()])}render(){if(!this.hass||!this.config)return l;let e=this.node;if(!e)return this.frame(this.config.title??"Storj reputation",this.noNodeMessage());let L=k(this.hass,e);return this.frame(this.config.title??`${e.name} reputation`,L.length===0?m("info","The node reports no satellites yet."):o`<div class="satellites">${L.map(t=>this.renderSatellite(t))}</div>
            <div class="muted small note">
              Bars run from the satellite's limit to 100 %: audit ${J.audit} % (disqualification),
              suspension and online ${J.online} % (suspension).
            </div>`)}entity(e,L){let t=e.entities.get(L);return t?this.hass.states[t]:void 0}renderSatellite(e){let L=this.entity(e,"disqualified")?.state==="on",t=this.entity(e,"suspended")?.state==="on",s=this.entity(e,"vetted")?.state==="off";return o`<section class="satellite ${L?"gone":""}" data-satellite=${e.device.id}>
      <div class="head">
        <span class="name">${e.name}</span>
        ${L?o`<span class="flag level-critical" data-flag="disqualified">disqualified</span>`:l}
        ${t?o`<span class="flag level-critical" data-flag="suspended">suspended</span>`:l}
        ${s?o`<span class="flag muted" data-flag="vetting">vetting</span>`:l}
      </div>
      <div class="meters">${w.map(n=>this.renderMeter(e,n))}</div>
    </section>`}renderMeter(e,L){let t=this.entity(e,`${L}_score`),s=f(t),n=n4(L,s),r=n===0?"critical":G(L,s,this.config),a=Y4[L].flatMap(([c,p])=>{let h=this.entity(e,c),x=p(h,this.locale);return h&&x?[o`<span data-entity=${h.entity_id}>${x}</span>`]:[]}),d=`${i4[L]} at ${v(J[L],this.locale,0)}`;return o`<div class="meter" data-kind=${L}>
      <div class="line">
        <span class="label">${r4[L]}</span>
        <span class="score level-${r}" data-entity=${t?.entity_id??l} data-level=${r}
          >${M(this.hass,t)}</span
        >
      </div>
      <div
        class="track"
        title=${d}
        role="meter"
        aria-label="${r4[L]} score, ${d}"
        aria-valuemin=${J[L]}
        aria-valuemax="100"
        aria-valuenow=${s??l}
        data-headroom=${n??l}
      >
        <div class="fill fill-${r}" style="width: ${n??0}%"></div>
      </div>
      <div class="forecast muted small">${a.length?a:o`<span>${d}</span>`}</div>
    </div>`}};l1.styles=[u.styles,g`
      ha-card {
        container-type: inline-size;
      }
      .small {
        font-size: var(--ha-font-size-xs, 11px);
      }
      .satellites {
        display: flex;
        flex-direction: column;
        gap: 12px;
      }
      .satellite {
        display: flex;
        flex-direction: column;
        gap: 6px;
        padding-bottom: 12px;
        border-bottom: 1px solid var(--divider-color);
      }
      .satellite:last-child {
        border-bottom: none;
        padding-bottom: 0;
      }
      .satellite.gone .meters {
        opacity: 0.5;
      }
      .head {
        display: flex;
        align-items: baseline;
        flex-wrap: wrap;
        gap: 6px;
      }
      .name {
        font-weight: var(--ha-font-weight-medium, 500);
      }
      .flag {
        font-size: var(--ha-font-size-xs, 10px);
        text-transform: uppercase;
      }
      .meters {
        display: grid;
        grid-template-columns: repeat(3, minmax(0, 1fr));
        gap: 8px 16px;
      }
      .meter {
        display: flex;
        flex-direction: column;
        gap: 4px;
        min-width: 0;
      }
      .line {
        display: flex;
        justify-content: space-between;
        gap: 8px;
        font-variant-numeric: tabular-nums;
      }
      .label {
        color: var(--secondary-text-color);
      }
      .track {
        height: 8px;
        border-radius: 4px;
        overflow: hidden;
        background: var(--secondary-background-color, rgba(127, 127, 127, 0.2));
      }
      .fill {
        height: 100%;
        border-radius: 4px;
      }
      .fill-ok {
        background: var(--storj-ok);
      }
      .fill-warning {
        background: var(--storj-warning);
      }
      .fill-critical {
        background: var(--storj-critical);
      }
      .fill-unknown {
        background: var(--storj-unknown);
      }
      .forecast {
        display: flex;
        flex-wrap: wrap;
        gap: 0 8px;
      }
      /* Phones: one score per line, so forecasts have room. */
      @container (max-width: 440px) {
        .meters {
          grid-template-columns: minmax(0, 1fr);
        }
      }
    `];/**
 * @license
 * Copyright 2017 Google LLC
 * SPDX-License-Identifier: BSD-3-Clause
 */var o4=i=>(...e)=>({_$litDirective$:i,values:e}),k1=class{constructor(e){}get _$AU(){return this._$AM._$AU}_$AT(e,L,t){this._$Ct=e,this._$AM=L,this._$Ci=t}_$AS(e,L){return this.update(e,L)}update(e,L){return this.render(...L)}};/**
 * @license
 * Copyright 2020 Google LLC
 * SPDX-License-Identifier: BSD-3-Clause
 */var{I:Ge}=gL;var q4={},a4=(i,e=q4)=>i._$AH=e;/**
 * @license
 * Copyright 2021 Google LLC
 * SPDX-License-Identifier: BSD-3-Clause
 */var d4=o4(class extends k1{constructor(){super(...arguments),this.key=l}render(i,e){return this.key=i,e}update(i,[e,L]){return e!==this.key&&(a4(i),this.key=e),L}});/*! World outlines: Natural Earth 1:110m (public domain) via world-atlas (ISC licence). */var l4="M0,284L0,239L0,194L0,149L0,104L0,52L0,0M60,284L60,239L60,194L60,149L60,104L60,52L60,0M120,284L120,239L120,194L120,149L120,104L120,52L120,0M180,284L180,239L180,194L180,149L180,104L180,52L180,0M240,284L240,239L240,194L240,149L240,104L240,52L240,0M300,284L300,239L300,194L300,149L300,104L300,52L300,0M360,284L360,239L360,194L360,149L360,104L360,52L360,0M420,284L420,239L420,194L420,149L420,104L420,52L420,0M480,284L480,239L480,194L480,149L480,104L480,52L480,0M540,284L540,239L540,194L540,149L540,104L540,52L540,0M600,284L600,239L600,194L600,149L600,104L600,52L600,0M660,284L660,239L660,194L660,149L660,104L660,52L660,0M0,228L5,228L10,228L15,228L20,228L25,228L30,228L35,228L40,228L45,228L50,228L55,228L60,228L65,228L70,228L75,228L80,228L85,228L90,228L95,228L100,228L105,228L110,228L115,228L120,228L125,228L130,228L135,228L140,228L145,228L150,228L155,228L160,228L165,228L170,228L175,228L180,228L185,228L190,228L195,228L200,228L205,228L210,228L215,228L220,228L225,228L230,228L235,228L240,228L245,228L250,228L255,228L260,228L265,228L270,228L275,228L280,228L285,228L290,228L295,228L300,228L305,228L310,228L315,228L320,228L325,228L330,228L335,228L340,228L345,228L350,228L355,228L360,228L365,228L370,228L375,228L380,228L385,228L390,228L395,228L400,228L405,228L410,228L415,228L420,228L425,228L430,228L435,228L440,228L445,228L450,228L455,228L460,228L465,228L470,228L475,228L480,228L485,228L490,228L495,228L500,228L505,228L510,228L515,228L520,228L525,228L530,228L535,228L540,228L545,228L550,228L555,228L560,228L565,228L570,228L575,228L580,228L585,228L590,228L595,228L600,228L605,228L610,228L615,228L620,228L625,228L630,228L635,228L640,228L645,228L650,228L655,228L660,228L665,228L670,228L675,228L680,228L685,228L690,228L695,228L700,228L705,228L710,228L715,228L720,228M0,168L5,168L10,168L15,168L20,168L25,168L30,168L35,168L40,168L45,168L50,168L55,168L60,168L65,168L70,168L75,168L80,168L85,168L90,168L95,168L100,168L105,168L110,168L115,168L120,168L125,168L130,168L135,168L140,168L145,168L150,168L155,168L160,168L165,168L170,168L175,168L180,168L185,168L190,168L195,168L200,168L205,168L210,168L215,168L220,168L225,168L230,168L235,168L240,168L245,168L250,168L255,168L260,168L265,168L270,168L275,168L280,168L285,168L290,168L295,168L300,168L305,168L310,168L315,168L320,168L325,168L330,168L335,168L340,168L345,168L350,168L355,168L360,168L365,168L370,168L375,168L380,168L385,168L390,168L395,168L400,168L405,168L410,168L415,168L420,168L425,168L430,168L435,168L440,168L445,168L450,168L455,168L460,168L465,168L470,168L475,168L480,168L485,168L490,168L495,168L500,168L505,168L510,168L515,168L520,168L525,168L530,168L535,168L540,168L545,168L550,168L555,168L560,168L565,168L570,168L575,168L580,168L585,168L590,168L595,168L600,168L605,168L610,168L615,168L620,168L625,168L630,168L635,168L640,168L645,168L650,168L655,168L660,168L665,168L670,168L675,168L680,168L685,168L690,168L695,168L700,168L705,168L710,168L715,168L720,168M0,108L5,108L10,108L15,108L20,108L25,108L30,108L35,108L40,108L45,108L50,108L55,108L60,108L65,108L70,108L75,108L80,108L85,108L90,108L95,108L100,108L105,108L110,108L115,108L120,108L125,108L130,108L135,108L140,108L145,108L150,108L155,108L160,108L165,108L170,108L175,108L180,108L185,108L190,108L195,108L200,108L205,108L210,108L215,108L220,108L225,108L230,108L235,108L240,108L245,108L250,108L255,108L260,108L265,108L270,108L275,108L280,108L285,108L290,108L295,108L300,108L305,108L310,108L315,108L320,108L325,108L330,108L335,108L340,108L345,108L350,108L355,108L360,108L365,108L370,108L375,108L380,108L385,108L390,108L395,108L400,108L405,108L410,108L415,108L420,108L425,108L430,108L435,108L440,108L445,108L450,108L455,108L460,108L465,108L470,108L475,108L480,108L485,108L490,108L495,108L500,108L505,108L510,108L515,108L520,108L525,108L530,108L535,108L540,108L545,108L550,108L555,108L560,108L565,108L570,108L575,108L580,108L585,108L590,108L595,108L600,108L605,108L610,108L615,108L620,108L625,108L630,108L635,108L640,108L645,108L650,108L655,108L660,108L665,108L670,108L675,108L680,108L685,108L690,108L695,108L700,108L705,108L710,108L715,108L720,108M0,48L5,48L10,48L15,48L20,48L25,48L30,48L35,48L40,48L45,48L50,48L55,48L60,48L65,48L70,48L75,48L80,48L85,48L90,48L95,48L100,48L105,48L110,48L115,48L120,48L125,48L130,48L135,48L140,48L145,48L150,48L155,48L160,48L165,48L170,48L175,48L180,48L185,48L190,48L195,48L200,48L205,48L210,48L215,48L220,48L225,48L230,48L235,48L240,48L245,48L250,48L255,48L260,48L265,48L270,48L275,48L280,48L285,48L290,48L295,48L300,48L305,48L310,48L315,48L320,48L325,48L330,48L335,48L340,48L345,48L350,48L355,48L360,48L365,48L370,48L375,48L380,48L385,48L390,48L395,48L400,48L405,48L410,48L415,48L420,48L425,48L430,48L435,48L440,48L445,48L450,48L455,48L460,48L465,48L470,48L475,48L480,48L485,48L490,48L495,48L500,48L505,48L510,48L515,48L520,48L525,48L530,48L535,48L540,48L545,48L550,48L555,48L560,48L565,48L570,48L575,48L580,48L585,48L590,48L595,48L600,48L605,48L610,48L615,48L620,48L625,48L630,48L635,48L640,48L645,48L650,48L655,48L660,48L665,48L670,48L675,48L680,48L685,48L690,48L695,48L700,48L705,48L710,48L715,48L720,48",c4={"":"M425,98L426,98L426,97L427,97L429,97L428,98L428,98L428,98L427,98L427,98L427,98L427,98L427,98L426,98L426,98ZM458,145L458,145L458,146L458,148L458,149L457,150L456,152L454,152L447,150L447,149L446,148L445,147L446,146L446,145L447,145L447,146L448,147L449,147L451,147L453,146L455,146L456,146L457,145ZM401,84L401,84L401,83L400,83L401,82L401,82L401,82L402,81L402,82L402,82L403,82L403,82L403,83L404,83L403,83L403,83L403,84L403,84L402,84L401,84Z",AE:"M463,120L464,119L464,120L465,120L467,120L468,120L469,118L471,117L472,116L473,117L473,118L472,118L472,119L472,120L471,120L471,121L470,122L470,123L470,123L464,122L463,120Z",AF:"M493,93L494,93L496,94L496,94L498,93L498,94L499,93L500,93L501,93L501,92L502,91L503,91L502,92L503,92L503,94L504,95L504,94L505,94L507,93L508,93L510,93L510,94L509,94L508,94L506,95L504,95L503,96L503,97L503,98L502,99L502,99L502,100L500,100L501,101L499,102L499,103L499,104L498,105L497,105L496,105L495,105L494,105L493,107L493,108L490,109L489,109L488,109L487,109L485,109L482,108L484,107L483,105L482,105L482,104L481,102L482,101L481,101L482,99L482,97L484,97L486,97L486,96L488,96L489,95L489,94L491,93L491,93L492,93Z",AL:"M402,86L402,87L401,87L401,88L400,89L400,89L400,88L399,87L399,87L399,85L399,85L399,84L399,84L399,83L400,83L400,83L401,83L401,84L401,84L401,85L401,86Z",AM:"M453,90L452,91L451,89L451,89L451,89L450,89L450,89L449,88L447,87L448,87L447,86L450,86L450,86L451,86L451,87L452,88L451,88L452,89L453,89Z",AO:"M386,178L385,178L385,178L385,179L384,180L384,178L385,177L385,177ZM385,180L385,180L386,180L387,180L393,180L393,181L394,182L394,183L395,184L396,184L397,184L398,184L398,183L399,182L400,182L400,182L401,182L401,183L403,183L403,184L404,185L404,186L404,187L404,188L404,190L405,190L406,190L407,190L408,190L408,190L408,191L408,192L408,193L408,194L404,194L404,200L405,202L406,203L403,204L398,204L397,203L388,203L388,203L387,202L386,202L384,202L383,203L383,201L384,200L384,198L384,197L385,195L385,194L387,193L387,192L387,191L387,189L387,189L386,188L386,186L386,186L386,185L386,183L385,182L384,181Z",AR:"M223,273L223,274L224,276L227,277L230,277L229,278L227,278L226,278L225,278L223,278ZM245,228L244,230L244,232L244,234L243,235L243,236L243,237L246,239L245,240L247,241L246,242L245,244L242,245L238,246L235,246L236,247L235,248L236,249L235,250L232,250L231,250L230,250L230,252L231,253L232,252L233,253L231,254L230,255L229,257L229,258L227,258L225,259L225,261L227,262L229,262L228,264L226,265L224,268L223,269L222,269L222,272L224,273L223,273L221,272L216,272L215,271L215,269L214,269L213,269L213,267L215,266L215,264L215,263L216,262L217,259L217,258L218,258L217,257L216,256L217,256L216,255L216,253L217,252L216,250L217,248L217,246L218,245L218,243L218,241L219,240L219,238L220,236L220,235L220,234L219,231L220,229L220,227L221,225L222,223L223,222L223,221L223,220L223,217L225,216L226,214L226,213L227,212L230,212L231,214L232,212L234,212L235,212L238,216L240,216L242,218L244,218L245,219L243,222L245,223L247,223L249,223L250,221L251,219L252,219L253,220L253,222L251,223L250,224L247,226Z",AT:"M394,72L394,73L393,73L393,73L392,74L392,75L390,75L389,75L388,75L385,74L384,74L382,74L382,74L381,74L380,74L379,74L379,73L379,73L380,73L381,73L381,73L383,73L384,73L385,73L386,73L386,73L386,71L386,71L387,70L389,71L390,70L391,70L392,71L393,70L394,71L394,71Z",AU:"M655,250L657,250L657,252L656,253L656,254L655,254L654,255L653,255L652,255L651,253L651,252L649,250L649,249L651,250L653,250L654,250ZM612,232L610,233L608,234L608,235L607,236L606,236L604,236L603,236L601,236L600,236L599,237L598,237L597,237L596,238L595,238L593,238L591,237L590,236L590,235L591,235L591,235L591,234L592,232L591,231L590,229L590,228L590,227L589,226L589,225L588,224L588,223L587,221L587,220L588,221L587,219L588,220L588,221L588,220L587,218L587,217L587,217L587,216L587,215L588,214L587,213L588,212L588,213L589,212L591,211L592,210L593,209L594,209L595,209L596,209L598,209L598,208L599,208L600,208L602,207L603,206L603,205L604,204L605,204L605,203L606,201L607,203L608,202L607,201L608,200L609,201L609,199L610,198L610,197L611,197L611,196L612,197L612,196L613,196L614,196L616,197L617,198L618,198L619,198L619,197L620,195L621,195L620,194L621,193L622,192L623,193L625,192L625,191L624,191L625,190L626,191L627,192L629,192L629,192L631,192L632,192L633,192L633,192L634,193L633,194L633,195L632,195L632,195L632,196L631,197L631,198L633,199L634,200L635,200L637,202L637,202L638,202L639,203L640,203L642,203L642,202L643,201L643,200L643,198L643,197L643,197L643,195L643,194L644,193L643,193L644,192L644,191L644,190L645,189L646,190L646,192L646,192L646,193L647,194L647,195L647,196L648,197L649,196L650,197L651,198L651,199L651,201L651,202L652,202L652,204L652,205L653,206L655,207L656,208L658,209L657,209L659,211L659,213L660,212L661,213L661,213L662,215L663,216L664,217L666,219L666,220L666,221L666,223L667,224L667,226L667,227L666,229L666,230L666,231L665,233L663,234L663,236L662,237L661,238L661,239L660,241L660,242L660,243L659,244L657,244L655,244L654,245L653,246L651,245L650,245L650,244L649,244L647,246L645,245L644,245L643,245L641,244L640,243L640,241L639,240L638,239L636,239L637,238L636,237L635,238L634,239L635,237L635,236L636,235L636,234L634,236L633,236L632,238L630,237L630,236L629,234L628,234L629,233L626,232L625,232L623,231L619,231L616,232L614,233Z",AZ:"M453,84L453,84L455,86L456,86L456,85L457,84L458,85L459,87L460,87L461,87L459,88L459,89L458,90L458,90L458,91L457,91L456,90L457,89L456,89L455,89L453,90L453,89L452,89L451,88L452,88L451,87L451,86L450,86L450,86L450,85L452,86L453,86L453,86L452,85ZM452,91L451,90L450,89L450,89L450,89L451,89L451,89L451,89Z",BA:"M397,83L395,82L395,81L394,81L393,80L392,79L391,78L392,78L393,78L393,78L394,78L396,78L397,78L398,78L399,78L398,79L399,80L399,81L398,81L398,81L397,82Z",BD:"M545,124L545,125L545,125L545,127L544,126L544,125L544,124L543,122L541,122L541,123L541,124L540,124L539,124L539,124L538,124L538,122L537,121L537,120L536,119L537,118L538,118L536,116L537,115L539,116L540,116L540,117L542,118L544,118L545,118L544,120L543,120L542,121L543,122L544,121L544,121Z",BE:"M372,66L372,68L372,68L371,69L370,68L369,68L367,67L366,66L365,66L365,66L367,65L368,65L370,65L371,66Z",BF:"M349,147L349,146L350,145L350,145L351,143L351,142L352,141L353,141L354,141L354,140L356,140L356,139L358,138L359,138L359,138L361,138L361,139L361,140L362,141L362,142L364,143L364,144L364,145L363,145L362,146L362,146L360,146L359,146L358,146L358,146L354,146L354,147L354,149L353,148L352,148L351,149L350,148L350,148Z",BG:"M405,80L406,80L407,80L408,81L411,81L412,80L414,80L416,80L417,81L416,81L415,83L416,84L414,84L412,84L412,85L410,86L409,85L407,85L406,85L406,84L405,83L405,83L405,83L405,82L406,82L405,81L405,80Z",BI:"M421,173L421,174L421,174L422,175L421,175L420,176L420,177L419,177L419,175L418,174L419,174L420,173Z",BJ:"M365,155L364,156L363,154L363,150L363,149L363,148L362,148L362,147L362,146L362,146L363,145L364,145L364,144L365,144L366,144L367,145L367,145L368,147L367,147L367,148L366,149L366,150L365,151L365,152Z",BN:"M591,157L591,158L591,159L590,159L589,160L588,159L589,158Z",BO:"M221,190L222,190L223,190L224,189L226,189L227,188L229,188L229,189L229,190L229,191L231,193L234,193L234,194L236,194L237,195L238,195L239,196L239,197L239,197L239,198L239,198L240,201L244,201L243,202L243,203L245,203L245,204L245,206L244,207L244,208L244,208L244,208L242,207L240,207L236,207L235,209L235,210L235,212L234,212L232,212L231,214L230,212L227,212L226,213L224,214L224,211L222,209L223,207L222,206L222,205L221,203L222,201L221,199L222,199L221,198L222,197L222,195L222,194L223,193Z",BR:"M253,236L253,234L254,233L252,232L251,231L249,230L248,230L246,228L245,228L247,226L250,224L251,223L253,222L253,220L252,219L251,219L251,218L251,217L251,216L251,216L250,216L249,216L249,215L249,213L248,213L247,212L246,213L244,212L244,209L244,208L244,208L244,207L245,206L245,204L245,203L243,203L243,202L244,201L240,201L239,198L239,198L239,197L239,197L239,196L238,195L237,195L236,194L234,194L234,193L231,193L229,191L229,190L229,189L229,188L227,188L226,189L224,189L223,190L222,190L221,190L220,190L219,190L219,187L217,188L216,188L215,187L214,187L214,186L213,185L212,183L213,183L213,182L214,181L214,180L214,179L214,179L217,177L218,177L218,177L220,177L221,171L221,170L221,169L220,168L220,167L221,167L221,167L222,166L220,166L220,165L224,165L225,164L225,165L226,166L226,165L227,167L229,166L229,166L231,165L232,165L232,164L233,164L233,163L231,163L231,162L231,160L230,160L231,160L232,160L234,160L234,160L236,160L238,159L239,158L239,158L240,158L240,158L240,159L240,159L241,160L240,161L240,162L241,164L241,164L242,165L243,165L243,165L244,165L245,165L245,164L246,164L247,164L248,164L248,164L248,164L248,163L249,163L250,163L251,163L252,164L252,163L253,163L253,164L254,164L255,163L256,162L257,160L257,160L258,161L259,164L260,165L260,166L259,168L259,168L263,168L263,170L264,169L267,170L270,171L271,172L271,173L273,173L277,174L280,174L283,175L286,178L287,178L289,178L290,179L290,181L291,183L290,186L289,187L286,190L285,192L283,194L283,194L282,196L282,199L282,202L281,204L281,205L280,207L278,210L278,212L276,213L276,214L274,214L271,215L269,216L267,216L265,218L263,220L263,221L263,222L263,224L262,225L261,226L259,230L257,232L255,232L255,234Z",BS:"M202,114L203,114L204,114L204,115L202,115ZM204,114L206,115L206,116L205,116L205,115L204,114ZM204,118L204,118L205,119L205,120L204,121L204,119L203,119Z",BT:"M543,112L544,113L544,114L542,114L541,114L539,115L538,114L538,113L539,112L540,111L541,112L543,112Z",BW:"M419,212L416,214L414,215L414,216L413,217L412,217L412,218L411,219L410,219L408,219L407,219L407,219L406,219L405,220L404,221L403,221L402,222L401,221L402,220L400,218L400,218L400,212L402,212L402,205L403,204L406,204L407,205L408,204L409,204L410,203L411,203L411,205L412,205L412,207L415,209L415,209L415,210L416,211L418,211Z",BY:"M416,56L418,56L419,57L420,56L422,57L422,58L422,58L423,60L424,60L423,60L425,61L425,61L425,62L423,62L423,62L423,63L424,64L422,64L421,64L421,65L420,65L419,65L418,65L417,65L416,65L415,65L413,64L411,64L409,64L408,65L407,65L407,64L406,63L408,63L408,62L407,61L407,60L409,60L411,59L412,58L413,58L413,57L414,56Z",BZ:"M182,132L182,132L182,132L182,132L183,131L183,131L183,131L184,131L184,132L183,133L184,133L183,134L184,134L183,135L183,135L183,136L182,136L182,136L182,134Z",CA:"M114,70L114,70L110,68L109,67L105,66L104,65L104,63L102,62L101,61L99,59L99,58L100,57L100,56L97,55L95,53L93,51L91,50L90,49L89,48L87,49L85,50L83,49L82,48L80,47L78,47L78,36L78,29L82,29L85,30L87,30L89,29L91,29L94,29L97,28L100,28L102,28L103,28L104,27L105,27L108,29L111,28L111,29L114,29L115,28L117,28L120,29L125,30L128,30L130,30L132,31L129,32L133,33L138,32L140,32L142,33L144,32L142,31L144,31L146,31L148,30L149,31L151,32L154,32L157,33L160,32L163,32L163,31L165,31L168,32L168,33L169,32L171,32L172,30L169,29L167,28L167,26L170,24L172,24L174,25L177,28L175,29L179,29L179,31L182,29L184,31L183,32L185,34L187,32L189,30L189,28L192,28L195,29L197,30L198,31L196,32L197,33L197,34L193,35L191,35L188,35L188,36L186,38L185,38L183,40L180,40L179,41L178,42L176,42L174,44L172,46L171,48L171,50L174,50L174,52L175,54L178,53L182,54L184,55L185,56L188,57L190,57L193,58L195,58L195,59L196,61L197,64L200,66L202,65L203,63L202,60L200,59L204,58L206,56L207,55L207,54L205,52L203,50L205,48L204,46L204,43L205,43L209,43L211,44L212,43L214,44L217,45L217,46L221,46L221,48L221,50L223,50L225,52L228,50L230,48L231,47L232,49L235,52L237,54L236,55L239,56L241,58L244,58L245,59L246,60L248,61L248,61L249,64L247,64L246,65L242,66L240,68L237,68L232,67L229,67L227,68L226,69L223,70L220,73L218,74L219,74L223,71L227,70L230,70L232,71L230,72L230,74L231,76L234,77L237,76L239,74L239,75L240,76L238,77L233,79L232,79L229,81L228,81L228,79L231,77L228,77L226,78L224,77L224,74L224,73L222,74L222,73L220,75L219,76L219,77L218,77L217,77L217,78L213,78L210,78L209,78L207,80L207,80L206,81L205,81L203,81L202,81L202,81L202,82L202,82L200,83L197,84L195,85L195,85L194,84L194,84L194,84L194,83L195,82L196,81L195,79L195,77L193,76L193,76L193,76L192,76L192,75L192,75L191,75L191,75L191,75L190,75L190,74L189,74L187,73L185,72L183,71L181,72L181,72L178,71L177,72L175,71L173,71L171,71L171,70L170,69L170,69L170,70L166,70L159,70L152,70L146,70L140,70L134,70L128,70L126,70L120,70ZM192,43L194,42L196,42L196,43L194,44L192,44ZM200,22L198,21L198,21L199,20L204,21L207,22L207,22L205,22L203,22L201,23ZM199,44L200,43L201,43L201,44L201,45L200,45L199,44ZM173,18L172,19L169,19L166,18L167,17L170,17L172,17ZM172,13L171,13L168,13L167,12L171,12L173,13ZM166,10L169,11L168,12L165,12L164,12L163,11L163,10L165,10ZM184,19L180,19L175,18L174,17L174,16L172,15L168,15L166,14L167,14L171,14L173,14L177,14L179,15L178,16L180,16L182,17L184,17L187,17L190,17L194,16L198,17L200,17L200,18L199,19L196,19L194,19L188,19ZM137,12L140,12L140,13L136,13L133,13L135,12ZM138,10L141,11L138,11L135,11L135,11L137,10ZM249,65L248,67L246,68L248,68L249,68L248,69L250,69L251,69L253,70L252,71L254,71L254,72L255,73L254,75L253,75L252,74L252,73L252,72L249,74L248,74L249,73L247,73L245,73L241,73L241,72L242,71L242,71L243,70L245,67L247,65L248,65L249,65ZM192,38L194,38L197,39L197,40L198,40L200,41L198,41L195,41L194,40L192,41L189,42L188,41L186,41L187,40L188,38L188,37L190,37L190,38L191,37ZM202,23L204,22L209,24L212,24L212,25L216,25L218,26L222,27L224,28L226,30L222,31L227,32L230,32L233,34L236,34L236,36L232,38L230,37L227,35L224,35L224,37L226,38L229,39L229,39L231,41L230,43L227,42L222,41L225,42L227,43L228,44L222,43L218,42L216,41L216,41L213,40L210,39L210,39L205,40L203,39L204,37L208,37L212,37L211,36L212,35L215,33L214,33L213,32L210,31L206,30L208,30L205,28L204,28L202,28L201,28L197,29L190,28L186,27L183,27L181,26L183,26L180,26L180,24L181,22L183,21L188,20L187,22L188,23L190,21L195,20L199,23L198,24ZM171,20L175,20L179,20L176,22L174,22L171,24L169,24L168,22L168,21L169,20ZM114,16L118,14L122,13L125,13L128,13L127,14L126,15L124,15L120,16L117,16ZM95,60L97,60L96,62L98,64L97,64L96,63L95,62L94,61L94,60L94,60ZM149,9L153,10L158,10L160,11L161,12L157,12L154,11L150,11L152,11L149,10ZM113,71L112,71L109,70L108,70L106,69L106,68L104,68L103,67L103,66L105,67L107,67L108,67L109,68L110,69L112,70ZM117,19L120,20L125,20L127,20L129,21L126,22L122,23L119,24L119,25L114,26L113,25L108,24L109,23L110,22L112,21L110,19ZM144,16L146,16L148,16L149,17L147,18L141,18L136,19L133,19L132,19L136,18L127,18L125,18L127,16L129,15L135,16L138,17L142,17L139,15L141,14L143,15L144,16ZM147,22L149,23L150,25L151,26L154,27L158,28L158,29L155,29L156,30L155,30L152,30L148,30L146,30L142,30L137,31L133,31L132,30L130,29L128,30L125,28L127,28L130,28L133,28L135,27L131,27L127,27L124,27L123,26L128,25L125,25L121,25L123,23L124,23L130,21L132,22L131,23L135,22L138,23L140,22L142,23L144,25L145,24L143,22L145,22ZM159,23L157,21L159,20L162,21L165,20L166,21L164,22L167,23L167,25L163,25L161,25L160,25L155,23L155,22ZM147,21L149,21L151,21L149,22L146,21ZM163,15L165,15L165,17L164,18L160,18L158,18L158,17L155,17L155,15L157,15L160,15L163,15ZM168,7L169,6L171,6L171,6L175,5L178,7L181,7L184,7L186,9L188,9L186,10L182,11L178,12L174,11L172,10L172,10L174,9L170,9L168,9L167,8ZM177,4L180,4L182,4L186,3L189,3L191,3L194,3L195,2L198,2L201,2L207,2L209,2L214,2L219,2L223,2L228,2L233,2L236,3L236,3L231,4L226,5L225,5L229,5L224,6L221,7L218,8L214,9L212,9L206,9L209,10L208,10L209,11L207,12L204,12L203,13L200,14L201,14L204,14L204,14L199,16L194,15L188,15L185,15L181,15L181,14L184,14L183,12L185,12L190,13L187,12L184,11L186,10L189,10L190,9L187,9L186,7L192,8L193,8L196,7L192,7L185,7L181,6L180,5L177,5ZM210,33L208,34L206,34L206,33L206,32L208,31L210,32L210,33ZM167,29L169,30L167,30L165,30L163,30L160,29L162,29L164,28L166,28L167,29ZM231,68L232,68L234,69L236,69L236,70L235,70L233,69ZM232,74L233,75L234,75L236,75L235,76L234,76L232,75L231,75Z",CD:"M419,177L419,179L419,180L419,181L420,182L421,185L421,184L418,185L417,185L417,186L417,187L417,190L417,192L417,192L419,193L419,192L419,195L418,194L417,193L416,193L415,192L414,191L413,192L412,192L411,191L410,190L409,191L409,190L408,190L407,190L406,190L405,190L404,190L404,188L404,187L404,186L404,185L403,184L403,183L401,183L401,182L400,182L400,182L399,182L398,183L398,184L397,184L396,184L395,184L394,183L394,182L393,181L393,180L387,180L386,180L385,180L385,180L384,180L385,179L385,178L385,178L386,178L387,178L387,177L388,177L388,178L389,178L390,177L392,176L392,175L392,173L393,171L394,170L395,169L395,169L395,168L396,167L396,166L396,165L396,163L397,162L397,161L397,160L398,159L399,158L401,159L402,159L403,160L405,160L405,159L406,159L407,159L409,158L410,158L410,158L411,158L411,157L413,158L414,158L415,158L416,159L417,159L417,159L418,159L419,159L420,160L422,161L422,163L422,164L422,164L421,165L420,166L420,167L420,168L419,169L419,171L419,171L419,172L418,173L418,174L419,175Z",CF:"M415,158L414,158L413,158L411,157L411,158L410,158L410,158L409,158L407,159L406,159L405,159L405,160L403,160L402,159L401,159L399,158L398,159L397,160L397,161L396,161L394,161L393,162L392,163L392,163L392,162L391,161L390,160L390,160L389,159L389,158L389,157L389,156L390,155L391,153L392,153L393,152L393,153L393,153L396,152L397,151L398,151L398,150L398,150L400,150L402,149L403,147L404,146L406,146L406,147L407,148L407,149L407,149L407,150L408,151L409,152L410,152L410,153L412,154L412,155L413,156L414,157Z",CG:"M397,161L397,162L396,163L396,165L396,166L396,167L395,168L395,169L395,169L394,170L393,171L392,173L392,175L392,176L390,177L389,178L388,178L388,177L387,177L387,178L386,178L385,177L385,177L384,178L382,176L384,175L383,174L384,173L385,173L385,172L386,173L388,173L389,172L389,171L389,169L388,168L389,166L388,165L387,165L386,164L386,163L389,164L390,164L392,165L392,163L393,162L394,161L396,161Z",CH:"M379,73L379,73L379,74L380,74L381,74L381,75L380,75L378,75L378,76L377,76L377,76L376,76L375,76L374,76L373,75L372,75L372,75L374,73L373,73L374,73L375,73L377,73L377,72Z",CI:"M344,148L344,147L345,148L346,148L347,147L347,147L348,147L348,148L348,148L349,147L350,148L350,148L351,149L352,148L353,148L354,149L355,152L354,153L354,155L354,157L354,158L353,158L352,158L351,158L348,158L347,159L345,159L345,159L345,158L345,157L345,157L344,156L343,156L343,155L343,154L343,153L343,153L343,153L344,152L343,151L344,151L344,151L344,149L343,148L344,148Z",CL:"M223,273L223,278L225,278L226,278L225,279L224,279L223,279L222,279L220,278L218,278L215,277L213,276L211,274L212,274L215,275L218,276L219,275L219,274L221,273ZM221,203L222,205L222,206L223,207L222,209L224,211L224,214L226,213L226,214L225,216L223,217L223,220L223,221L223,222L222,223L221,225L220,227L220,229L219,231L220,234L220,235L220,236L219,238L219,240L218,241L218,243L218,245L217,246L217,248L216,250L217,252L216,253L216,255L217,256L216,256L217,257L218,258L217,258L217,259L216,262L215,263L215,264L215,266L213,267L213,269L214,269L215,269L215,271L216,272L221,272L223,273L221,273L220,273L218,274L218,276L217,276L215,275L213,274L210,273L209,271L210,270L209,269L209,265L210,263L212,262L209,261L211,260L211,256L214,257L215,253L213,252L213,255L211,254L212,252L213,248L214,247L213,245L213,242L214,242L215,239L216,236L217,233L217,230L217,228L217,226L218,223L219,219L219,215L220,211L220,208L219,205L220,204Z",CM:"M389,142L390,144L390,145L390,146L391,148L390,148L389,148L388,148L388,149L389,150L390,150L390,151L391,153L391,153L390,155L389,156L389,157L389,158L389,159L390,160L390,160L391,161L392,162L392,163L392,163L392,165L390,164L389,164L386,163L386,163L385,164L384,163L383,163L379,163L380,162L379,161L378,160L377,159L377,159L377,158L378,157L378,155L379,155L380,154L381,154L382,155L383,154L384,153L384,152L384,151L386,151L386,149L386,149L387,148L387,146L389,145L389,144L389,144L388,143L388,142Z",CN:"M579,132L577,131L577,129L578,128L580,128L582,128L582,129L581,129L581,131ZM521,83L520,82L522,82L520,78L524,77L525,77L526,73L530,74L531,73L532,71L533,71L535,70L536,69L536,71L538,72L541,73L542,74L541,77L542,77L544,78L547,78L549,79L551,80L552,81L553,83L555,83L559,83L562,83L564,83L567,84L569,84L570,85L572,84L575,83L578,83L581,82L582,81L584,81L583,80L583,79L584,78L585,78L587,78L589,77L592,77L593,75L595,75L598,74L599,75L600,74L598,73L596,72L595,73L593,72L591,73L591,72L592,70L593,68L596,69L599,68L599,67L600,65L601,64L601,63L600,62L602,61L604,61L607,61L610,62L612,62L613,64L614,65L615,67L615,68L619,69L621,71L622,72L625,72L627,72L630,71L629,73L628,74L628,76L626,78L624,77L622,78L623,80L622,82L621,82L621,83L620,82L619,83L616,84L616,85L615,85L614,84L612,86L610,87L609,88L606,89L604,90L602,90L603,89L603,88L604,87L603,86L602,87L599,88L598,89L596,90L595,91L596,92L598,92L598,93L599,94L602,92L603,93L605,93L605,94L602,95L601,96L599,97L598,98L600,99L601,101L602,103L604,105L604,106L603,107L603,108L604,108L604,110L603,112L602,112L601,114L599,117L597,119L595,121L592,122L590,123L588,124L588,123L586,124L584,125L582,125L581,127L580,127L579,126L580,125L577,125L576,125L574,124L573,124L573,122L572,122L571,121L569,122L567,123L565,123L564,123L563,123L564,126L563,126L562,125L562,124L561,125L560,125L558,124L559,122L558,122L557,120L555,120L555,118L557,116L557,115L557,113L556,113L556,111L555,111L552,111L553,110L552,109L551,110L549,109L547,111L545,112L543,112L543,112L541,112L540,111L539,112L538,113L537,112L536,112L534,112L532,112L530,111L528,110L528,109L527,109L525,108L523,107L522,108L519,106L517,105L517,103L518,103L518,102L518,101L518,99L516,97L512,96L512,95L510,94L510,93L510,92L510,91L509,91L508,91L507,89L508,89L508,88L510,87L511,87L513,87L514,86L516,86L517,85L520,84Z",CO:"M226,165L226,166L225,165L225,164L224,165L220,165L220,166L222,166L221,167L221,167L220,167L220,168L221,169L221,170L221,171L220,177L219,176L219,175L220,173L218,173L217,173L216,172L215,173L214,173L213,171L212,170L211,169L210,168L209,168L208,168L207,167L207,167L205,167L205,166L204,166L202,165L202,165L203,164L203,163L203,163L204,163L205,161L206,160L205,160L205,159L205,157L205,156L205,155L204,154L204,153L205,153L206,152L205,151L205,151L206,151L208,149L209,149L209,148L209,147L210,146L211,146L212,145L213,146L215,145L216,144L216,143L217,143L218,144L217,144L216,145L216,146L215,146L214,147L214,149L213,150L214,150L215,151L215,151L215,152L215,153L215,153L216,153L216,154L219,154L220,154L221,156L222,156L223,156L225,155L225,156L225,157L225,158L224,159L225,160L225,161L225,161L224,162L225,163L226,164Z",CR:"M195,149L194,149L194,150L195,150L194,150L194,151L194,151L194,152L193,151L193,151L193,150L193,150L192,149L191,149L191,149L191,148L190,148L190,148L190,149L189,148L189,148L188,148L188,147L189,146L188,146L189,146L189,146L190,146L191,146L191,146L192,146L192,147L193,146L193,147L194,148Z",CU:"M195,122L197,122L199,122L201,122L201,123L203,123L204,123L206,125L207,126L208,126L209,126L209,127L210,127L212,127L211,128L210,128L209,128L207,128L204,128L206,127L205,127L204,127L203,126L203,125L201,125L200,124L199,124L196,124L196,123L196,123L194,123L193,124L192,124L192,124L191,124L190,124L191,124L192,123L192,122L193,122L195,122Z",CY:"M425,98L426,98L426,98L427,98L427,98L427,98L427,98L427,98L428,98L428,98L428,98L426,99L425,99L425,98Z",CZ:"M390,66L391,66L392,67L392,67L393,68L394,67L395,67L395,68L397,68L398,69L397,69L397,69L396,69L396,70L396,70L396,70L395,70L394,70L394,71L393,70L392,71L391,70L390,70L389,71L387,70L386,69L385,69L385,68L384,67L386,67L387,67L388,66L389,66L389,66Z",DE:"M388,60L389,62L388,62L389,63L389,64L389,65L390,66L389,66L389,66L388,66L387,67L386,67L384,67L385,68L385,69L386,69L387,70L386,71L386,71L386,73L386,73L385,73L384,73L383,73L381,73L381,73L380,73L379,73L377,72L377,73L375,73L375,71L376,70L373,70L372,69L372,68L372,68L372,66L372,64L373,64L374,64L374,62L374,61L374,61L376,61L376,61L378,60L377,59L377,58L379,58L380,58L380,59L382,59L382,60L384,60L385,59L387,60Z",DJ:"M445,143L446,143L446,143L447,143L447,144L445,145L446,145L446,146L445,146L445,146L444,146L443,145L443,145L444,144Z",DK:"M380,58L379,58L377,58L376,57L376,55L377,54L377,54L379,54L380,53L381,53L381,54L381,54L381,55L382,55L381,56L381,56L379,57ZM385,56L385,57L384,58L382,57L382,56Z",DO:"M217,132L217,131L216,131L217,130L217,130L217,129L217,128L218,128L220,129L220,129L220,129L222,129L221,130L222,130L223,131L223,132L222,131L221,131L220,131L220,132L219,132L219,131L218,131L217,133L217,132Z",DZ:"M343,113L343,113L343,113L343,110L346,109L348,109L350,108L350,107L353,106L353,105L354,105L355,104L357,103L358,103L357,102L357,100L356,99L356,98L358,97L360,96L361,95L363,95L366,94L370,94L371,95L373,94L375,94L375,94L377,94L376,95L377,97L376,99L375,100L375,101L377,103L377,103L378,104L379,107L380,109L380,110L379,112L380,113L379,114L379,115L379,116L380,117L380,118L381,119L382,119L383,120L384,121L377,125L371,129L369,130L366,130L366,129L365,128L364,128L364,127L357,122L350,118Z",EC:"M209,168L210,170L209,171L207,173L204,174L203,176L203,177L202,178L201,177L200,177L199,177L199,176L200,176L199,175L200,173L200,172L199,173L198,172L198,172L198,170L199,170L199,169L200,167L200,166L201,166L202,165L204,166L205,166L205,167L207,167L207,167L208,168Z",EE:"M416,49L416,49L415,51L415,52L415,53L413,53L411,52L410,52L409,52L409,51L408,51L407,51L407,50L409,49L412,49L414,49Z",EG:"M434,124L426,124L418,124L410,124L410,117L410,110L409,108L410,107L410,106L410,105L413,105L415,105L417,106L418,106L419,106L420,105L422,105L423,105L424,106L424,105L426,106L428,106L429,106L430,108L430,109L429,110L429,111L428,112L428,113L427,112L426,111L425,108L425,108L425,111L427,113L428,116L429,117L430,118L431,120L431,120L431,122L433,124Z",EH:"M343,113L343,113L343,113L343,116L336,116L336,121L334,121L334,122L334,125L326,125L326,126L326,125L326,125L330,125L331,124L332,123L332,121L335,118L336,116L337,116L337,114L339,114L340,114L341,114L341,114L342,114L342,113Z",ER:"M433,139L433,138L434,135L434,134L434,133L436,133L437,132L438,134L439,136L440,137L442,139L443,140L445,141L445,142L446,143L446,143L445,143L444,142L443,141L442,140L442,140L440,139L439,139L438,139L437,139L436,138L435,140Z",ES:"M345,94L345,93L346,92L346,92L345,91L346,90L345,89L346,89L346,88L346,87L346,86L347,85L347,84L345,84L345,84L344,84L343,83L343,84L342,84L342,83L341,82L344,81L346,81L349,81L351,81L353,81L356,81L357,82L361,83L361,82L364,83L366,83L366,84L364,86L362,86L361,87L360,88L359,89L360,91L359,91L359,93L357,93L356,95L353,95L351,95L350,95L349,96L348,96L348,95L347,94Z",ET:"M456,152L450,158L447,158L446,159L444,160L444,160L442,160L442,159L440,160L439,161L438,161L437,161L437,161L436,161L434,159L432,159L432,158L432,157L431,157L429,155L428,154L428,154L427,153L426,152L427,151L428,151L428,151L428,149L429,147L429,146L430,145L431,144L432,143L433,141L433,139L435,140L436,138L437,139L438,139L439,139L440,139L442,140L442,140L443,141L444,142L445,143L444,144L443,145L443,145L444,146L445,146L445,146L446,146L445,147L446,148L447,149L447,150L454,152Z",FI:"M417,30L417,31L420,33L418,34L420,36L419,38L421,40L420,41L423,42L422,43L420,44L416,47L413,47L409,48L406,48L405,47L403,47L403,45L402,43L403,42L405,40L409,38L411,38L411,37L408,36L407,35L407,32L404,31L401,30L402,29L405,30L407,30L409,31L411,30L412,28L415,28L418,28Z",FJ:"M716,203L717,203L717,203L717,204L716,205L715,204L715,203L715,203ZM720,201L719,202L717,202L717,201L718,201L719,201L720,200L720,200L720,201ZM0,200L0,200L0,200L0,200L0,201L0,201L0,201L0,200Z",FK:"M238,272L240,271L242,271L243,270L245,271L244,272L241,272L240,272L239,273Z",FR:"M257,160L256,162L255,163L254,164L253,164L253,163L252,163L252,164L251,163L251,163L252,162L252,161L251,160L251,158L252,156L253,157L254,157L256,159ZM372,69L373,70L376,70L375,71L375,73L374,73L373,73L374,73L372,75L372,75L373,75L374,76L374,77L374,77L373,78L374,79L375,80L375,81L373,82L369,81L366,82L366,83L364,83L361,82L361,83L357,82L356,81L357,80L358,76L356,74L354,73L351,72L351,71L353,70L357,71L356,68L358,69L363,68L363,66L365,66L365,66L366,66L367,67L369,68L370,68L371,69L372,69ZM377,83L379,82L379,84L378,85L378,85L377,83Z",GA:"M383,163L384,163L385,164L386,163L386,163L386,164L387,165L388,165L389,166L388,168L389,169L389,171L389,172L388,173L386,173L385,172L385,173L384,173L383,174L384,175L382,176L380,174L379,172L378,170L378,170L378,169L379,167L379,166L380,166L383,166Z",GB:"M348,60L346,60L345,60L345,59L345,58L347,58L349,59ZM354,61L354,61L354,60L353,59L353,59L350,58L350,58L351,57L350,56L349,57L349,55L348,54L348,52L350,51L352,51L354,51L352,53L354,53L356,53L356,54L354,56L356,56L356,56L358,59L359,59L360,61L361,62L363,63L363,64L362,64L363,65L361,66L358,66L355,67L354,67L353,68L351,67L350,68L348,68L351,66L353,65L353,65L350,65L349,64L352,63L350,62L351,61Z",GE:"M440,81L440,81L442,81L445,82L448,83L448,83L449,83L451,83L452,84L453,84L452,85L453,86L453,86L452,86L450,85L450,86L447,86L445,85L443,85L443,84L443,83L442,82L441,82Z",GH:"M360,146L360,147L361,148L361,149L361,151L361,151L361,153L361,154L362,155L362,156L359,157L358,158L356,159L354,158L354,157L354,155L354,153L355,152L354,149L354,147L354,146L358,146L358,146L359,146Z",GL:"M266,3L273,2L280,2L283,1L290,1L306,1L318,3L315,3L307,3L296,4L297,4L304,4L310,4L314,4L316,5L314,6L319,5L328,4L334,5L336,5L327,7L326,7L320,8L325,8L322,9L321,10L321,13L323,14L320,14L317,15L320,16L321,18L319,18L321,19L317,20L319,20L318,21L316,21L313,21L315,23L315,24L311,23L310,23L313,24L316,25L316,27L313,27L311,26L309,25L310,26L307,28L313,28L315,28L310,29L305,31L299,32L296,32L294,33L292,35L287,36L286,36L283,37L280,37L279,38L279,40L278,41L274,43L275,44L274,46L273,48L270,48L267,46L263,46L262,45L260,43L257,41L256,39L255,38L253,36L253,34L252,34L254,31L257,31L258,30L258,28L256,29L255,29L253,29L251,29L250,27L251,26L253,26L257,27L254,26L252,25L250,25L248,25L251,23L249,22L248,21L245,19L243,18L243,17L237,16L233,16L228,16L223,16L221,15L217,14L222,13L226,13L218,13L213,12L214,11L221,10L229,9L229,8L224,8L226,7L233,6L236,5L235,4L239,4L246,4L252,4L254,4L259,3L264,4L267,4L271,5L266,4Z",GM:"M327,141L329,141L329,140L330,140L331,141L331,141L332,140L332,141L331,141L331,141L330,141L329,141L329,141L328,142L326,142Z",GN:"M333,143L334,143L335,143L335,143L336,143L337,143L337,143L337,144L337,144L338,144L338,144L339,144L340,144L340,144L341,144L341,143L342,143L342,144L342,144L343,145L343,146L343,146L343,146L343,146L343,147L344,148L344,148L343,148L344,149L344,151L344,151L343,151L344,152L343,153L343,153L343,153L342,153L342,153L341,153L341,152L340,151L340,151L340,151L339,151L339,151L339,150L339,149L338,149L338,148L336,148L336,148L335,148L335,149L335,149L334,150L333,149L332,148L331,148L331,148L331,147L330,146L330,146L331,145L331,145L332,145L332,145L333,144L332,144L333,144Z",GQ:"M379,163L383,163L383,166L380,166L379,166L379,166Z",GR:"M413,97L412,98L409,98L409,98L407,97L407,97L408,97L410,97L412,97L411,98ZM406,85L407,85L409,85L410,86L412,85L412,84L413,85L413,86L412,86L411,86L410,86L407,87L409,88L408,88L407,88L406,87L405,87L406,89L407,90L406,90L407,91L408,92L408,93L406,92L407,93L406,93L406,95L405,95L403,94L403,93L402,91L401,90L400,89L400,89L401,88L401,87L402,87L402,86L403,86L404,86L405,86L406,85Z",GT:"M176,139L176,138L176,138L176,137L177,136L179,136L179,135L179,135L179,135L178,134L177,133L178,133L178,132L180,132L182,132L182,134L182,136L182,136L183,137L183,136L184,137L183,137L182,138L182,138L182,139L181,139L181,139L181,140L181,140L180,140L180,141L179,140L178,140L177,140Z",GW:"M327,143L328,143L328,143L329,143L333,143L333,144L332,144L333,144L332,145L332,145L331,145L331,145L330,146L329,145L328,145L327,144L327,144L327,144Z",GY:"M247,164L246,164L245,164L245,165L244,165L243,165L243,165L242,165L241,164L241,164L240,162L240,161L241,160L240,159L240,159L240,158L240,158L239,158L237,156L238,156L238,155L239,154L239,154L239,153L239,152L240,151L242,152L243,153L243,154L244,154L245,155L246,156L245,158L244,158L244,159L244,160L245,161L245,161L246,162Z",HN:"M194,138L193,138L193,138L192,139L192,139L191,139L191,139L190,138L190,138L190,139L190,139L190,139L189,140L189,140L188,140L188,140L187,140L187,140L186,140L187,141L186,141L186,142L185,142L185,141L184,141L185,140L184,140L184,140L183,140L183,140L182,140L182,139L181,139L182,139L182,138L182,138L183,137L184,137L184,137L184,136L185,136L185,136L185,136L186,136L187,136L188,136L188,136L189,136L189,136L190,136L190,136L191,136L191,136L192,137L192,137L193,137Z",HR:"M393,75L394,75L395,76L397,76L398,76L398,77L399,78L398,78L397,78L396,78L394,78L393,78L393,78L392,78L391,78L392,79L393,80L394,81L395,81L395,82L397,83L397,83L395,82L394,82L392,81L390,80L391,79L390,79L390,78L389,78L388,78L387,78L387,77L387,77L389,77L389,77L390,77L391,77L391,77L391,76L392,76Z",HT:"M217,129L217,130L217,130L216,131L217,131L217,132L215,132L214,132L213,132L212,132L211,131L211,131L213,131L215,131L215,131L214,130L214,129L213,129L214,128L215,128Z",HU:"M404,71L405,72L405,72L404,73L403,74L402,75L400,76L399,76L398,76L397,76L395,76L394,75L393,75L393,74L392,74L393,73L393,73L394,73L394,72L395,72L396,72L397,72L398,72L398,72L399,71L400,72L400,71L401,71L402,71L404,71Z",ID:"M642,173L642,180L642,186L640,185L638,184L638,185L635,185L636,183L637,183L637,180L636,179L632,177L630,177L627,175L627,176L626,176L626,175L626,175L624,174L626,173L628,173L627,172L624,172L624,171L622,171L621,170L624,169L625,169L628,170L628,170L629,174L631,175L633,173L635,171L637,171L638,172L640,173ZM610,186L610,186L610,187L609,188L607,189L607,188L607,188L608,187ZM628,182L628,180L629,180L629,179L629,179L629,180ZM596,160L595,162L596,163L596,164L598,166L596,166L595,168L595,170L593,171L593,173L592,176L592,175L590,176L589,175L588,175L587,174L584,175L583,174L582,174L580,174L580,171L579,171L578,169L578,167L578,165L579,164L580,165L581,166L582,166L584,166L585,165L586,165L588,166L589,165L590,162L591,162L592,159L594,159ZM619,174L621,174L622,176L620,175L618,175L617,175L616,175L616,174ZM614,176L612,175L612,174L614,174L614,175ZM616,164L616,165L617,165L617,166L617,167L616,167L616,169L617,170L616,170L615,169L615,166L615,164ZM606,166L608,166L610,165L610,165L609,167L607,168L605,167L602,167L600,168L600,169L602,171L603,170L607,169L607,170L606,170L605,171L603,172L605,174L605,175L606,177L606,179L605,179L604,179L605,177L603,178L603,177L603,176L602,175L602,173L601,174L601,176L601,179L600,179L599,179L599,177L599,175L598,175L598,174L598,172L599,171L600,168L600,167L602,165L603,166ZM601,189L598,187L600,187L601,187L602,188L601,188ZM603,185L604,185L606,184L606,185L603,186L600,186L600,185L601,184ZM597,185L598,185L598,185L596,186L595,186L593,186L594,185L595,185L596,184ZM577,181L577,182L581,182L582,181L585,182L586,183L589,184L591,185L589,186L587,185L585,185L583,185L581,184L579,183L577,183L577,184L573,183L573,182L571,182L572,180L575,180L576,181ZM569,170L569,172L570,173L571,173L572,174L572,177L572,180L569,180L568,178L565,176L564,175L563,174L562,172L560,169L559,168L558,166L557,164L555,163L554,161L553,160L551,158L551,157L552,157L555,158L557,159L558,161L559,162L561,164L563,164L565,165L566,167L568,168L567,169L568,170Z",IE:"M348,60L348,62L346,63L343,65L340,64L342,62L341,60L343,59L345,58L345,59L345,60L346,60Z",IL:"M431,103L431,103L430,103L430,104L430,104L430,105L430,105L431,105L431,106L430,109L430,108L429,106L429,105L429,105L430,104L430,102L430,102L430,102L431,102L431,101L432,101L432,102L431,103Z",IN:"M555,111L555,112L554,113L554,114L553,113L550,115L550,116L549,118L549,119L548,120L547,120L547,122L546,123L546,123L545,124L544,121L544,121L543,122L542,121L543,120L544,120L545,118L544,118L542,118L540,117L540,116L539,116L537,115L536,116L538,118L537,118L536,119L537,120L537,121L538,122L538,124L538,125L536,125L534,125L534,127L533,128L530,129L528,131L526,133L524,134L524,135L523,135L522,136L521,136L520,138L520,140L521,142L520,144L520,147L519,147L518,149L518,150L517,150L516,151L515,152L513,150L512,147L511,145L511,144L510,143L509,140L509,139L507,136L506,132L506,130L506,127L505,125L502,126L501,126L498,124L499,123L499,122L496,121L498,119L502,119L502,118L501,117L500,115L499,114L501,112L504,112L506,110L507,108L509,106L509,105L511,103L509,102L508,101L507,99L508,99L512,99L514,99L516,97L518,99L518,101L518,102L518,103L517,103L517,105L519,106L522,108L521,109L520,110L522,111L524,112L527,113L529,114L531,115L532,115L534,115L536,115L536,114L536,113L536,112L537,112L538,113L538,114L539,115L541,114L542,114L544,114L544,113L543,112L545,112L547,111L549,109L551,110L552,109L553,110L552,111Z",IQ:"M438,104L438,101L442,99L443,97L443,95L444,95L445,94L446,93L448,93L449,94L450,94L451,96L452,97L452,98L451,99L451,100L452,102L455,103L456,105L455,106L456,106L456,107L457,108L456,108L455,108L453,110L449,110L444,106L441,104Z",IR:"M457,108L456,107L456,106L455,106L456,105L455,103L452,102L451,100L451,99L452,98L452,97L451,96L450,94L448,92L449,91L448,89L450,89L450,89L451,90L452,91L453,90L455,89L456,89L457,89L456,90L457,91L458,91L458,93L460,93L462,94L465,95L468,94L468,94L470,93L471,92L472,92L473,92L475,92L477,93L478,93L481,95L482,95L482,97L482,99L481,101L482,101L481,102L482,104L482,105L483,105L484,107L482,108L483,109L484,111L485,111L486,113L486,114L487,114L484,116L483,118L479,117L477,117L475,117L474,114L473,114L471,114L469,115L467,114L465,113L463,112L462,110L460,108L459,108L458,107Z",IS:"M331,35L331,36L333,38L330,39L324,41L323,41L320,41L314,40L316,39L312,38L316,38L316,37L311,37L313,35L316,35L319,37L322,35L324,36L328,35Z",IT:"M381,74L382,74L382,74L384,74L385,74L388,75L387,76L388,77L386,77L385,77L385,78L385,79L385,80L387,81L388,82L390,84L392,84L392,85L392,85L394,86L395,86L397,87L397,88L397,88L395,87L394,87L393,88L394,89L394,90L393,90L392,92L391,92L391,92L392,90L392,90L391,89L391,88L390,88L389,87L388,86L387,86L386,85L384,85L382,83L381,82L380,80L379,80L378,79L377,80L376,80L375,81L375,80L374,79L373,78L374,77L374,77L374,76L375,76L376,76L377,76L377,76L378,76L378,75L380,75L381,75ZM390,92L391,92L390,93L391,94L390,95L389,94L388,94L385,93L385,92L387,92ZM377,86L378,86L380,87L379,90L378,90L378,90L377,90L377,87L376,86Z",JM:"M205,131L206,131L207,132L208,132L206,132L206,133L204,132L203,132L204,131L204,131Z",JO:"M431,103L431,103L434,103L438,101L438,104L438,104L434,105L436,107L435,107L435,108L433,108L433,109L432,110L430,109L430,109L431,106L431,105L431,104Z",JP:"M644,90L642,92L642,94L641,95L642,96L641,98L638,99L634,99L632,101L630,100L630,99L627,99L624,100L622,100L624,102L623,105L621,106L620,105L621,103L620,103L619,101L621,101L622,100L624,98L625,97L629,97L631,97L633,93L635,94L638,92L639,92L640,89L640,87L641,86L643,85L644,88ZM649,80L651,79L651,81L648,82L646,84L643,83L642,85L640,85L640,83L641,81L643,81L643,78L644,77L646,79L648,80ZM625,101L626,100L627,100L628,99L629,100L630,100L628,102L628,101L627,101L626,103L625,102Z",KE:"M438,177L436,175L435,174L428,170L428,170L428,168L428,167L429,166L430,164L429,162L429,161L428,159L429,158L431,157L432,157L432,158L432,159L434,159L436,161L437,161L437,161L438,161L439,161L440,160L442,159L442,160L444,160L442,162L442,170L443,171L442,172L441,173L441,173L440,175L440,175L439,177Z",KG:"M502,83L502,83L504,82L507,83L507,82L508,81L511,82L512,82L515,82L518,82L519,83L521,83L520,84L517,85L516,86L514,86L513,87L511,87L510,87L508,88L508,89L507,89L504,89L501,89L499,89L499,88L501,88L502,88L504,88L506,86L504,85L502,86L501,85L503,84Z",KH:"M565,144L565,141L566,140L569,139L570,139L572,140L573,139L575,140L575,141L575,143L572,145L572,146L570,146L569,147L567,147L566,146Z",KP:"M622,84L622,84L622,84ZM621,83L622,84L621,83L620,84L619,85L619,86L618,87L618,87L617,88L616,88L615,88L615,89L615,90L616,90L617,91L616,91L616,91L614,91L613,92L612,92L612,93L611,92L611,92L611,93L610,92L610,92L609,92L610,91L610,91L610,90L611,89L611,89L609,89L609,88L610,87L612,86L614,84L615,85L616,85L616,84L619,83L620,82Z",KR:"M612,93L612,92L613,92L614,91L616,91L616,91L617,91L618,93L619,94L619,97L618,98L616,98L615,99L613,99L613,98L613,97L612,95L614,94Z",KW:"M456,108L456,109L456,109L457,111L455,111L455,110L453,110L455,108Z",KZ:"M535,70L533,71L532,71L531,73L530,74L526,73L525,77L524,77L520,78L522,82L520,82L521,83L519,83L518,82L515,82L512,82L511,82L508,81L507,82L507,83L504,82L502,83L502,83L501,84L498,85L497,87L497,87L496,86L493,86L493,84L492,84L492,82L490,81L486,81L484,81L482,79L480,78L477,77L477,77L472,78L472,85L471,85L470,84L468,83L466,84L465,84L465,84L465,83L465,82L463,82L462,80L461,79L461,79L463,79L463,78L464,77L466,77L466,76L466,74L464,74L462,74L460,75L458,75L457,75L457,74L456,73L455,73L453,71L454,70L454,69L455,67L457,68L457,67L462,65L465,65L469,66L471,67L474,66L477,66L479,67L480,66L483,66L483,65L480,64L482,63L481,63L483,62L482,61L483,60L490,59L491,59L496,58L498,57L502,58L502,60L504,59L507,60L507,61L509,61L514,59L513,60L516,61L520,66L521,65L524,66L527,66L528,66L529,67L530,68L531,69L534,68Z",LA:"M575,140L573,139L572,140L570,139L571,139L571,137L570,135L569,133L568,132L566,131L566,132L565,132L564,132L562,133L562,131L563,129L561,129L561,128L560,127L561,126L562,125L563,126L564,126L563,123L564,123L566,125L566,126L569,126L570,128L568,129L568,129L570,131L572,133L573,135L575,136L575,138Z",LB:"M432,101L431,101L431,102L430,102L431,100L432,99L432,99L433,99L433,100L432,100Z",LK:"M524,153L523,155L522,156L521,156L520,154L519,152L520,148L522,149L523,151Z",LR:"M343,153L343,153L343,154L343,155L343,156L344,156L345,157L345,157L345,158L345,159L344,159L342,158L340,157L338,156L337,154L338,154L338,153L339,152L340,151L340,151L340,151L341,152L341,153L342,153L342,153L343,153Z",LS:"M418,226L419,227L418,227L418,228L417,228L416,229L416,229L414,228L415,226L416,226L417,225Z",LT:"M413,57L413,58L412,58L411,59L409,60L407,60L406,60L405,59L405,59L406,58L405,58L403,58L402,56L404,55L408,55L410,55L410,56L411,56Z",LU:"M372,68L372,68L372,69L372,69L371,69L372,68Z",LV:"M415,53L416,54L416,54L416,56L414,56L413,57L411,56L410,56L410,55L408,55L404,55L402,56L402,54L403,53L405,52L407,54L408,54L409,52L410,52L411,52L413,53Z",LY:"M410,124L410,128L408,128L408,129L400,125L392,121L390,122L388,123L387,122L384,121L383,120L382,119L381,119L380,118L380,117L379,116L379,115L379,114L380,113L379,112L380,110L380,109L379,107L380,107L380,106L380,105L381,104L382,104L383,103L383,102L385,102L386,102L388,103L390,103L391,105L393,106L396,106L398,107L399,107L400,106L400,104L400,104L402,103L403,102L406,103L406,104L407,104L408,104L410,104L410,105L410,106L410,107L409,108L410,110L410,117Z",MA:"M356,98L356,99L357,100L357,102L358,103L357,103L355,104L354,105L353,105L353,106L350,107L350,108L348,109L346,109L343,110L343,113L342,113L342,114L341,114L341,114L340,114L339,114L337,114L337,116L336,116L335,118L332,121L332,123L331,124L330,125L326,125L326,125L326,124L327,124L327,123L327,122L328,121L329,119L330,119L330,118L330,117L331,115L332,115L334,113L334,113L335,112L337,112L338,110L339,110L341,108L340,106L341,104L341,103L343,102L345,101L346,100L348,98L348,96L350,96L351,97L353,97L355,98Z",MD:"M413,72L414,71L415,71L417,72L417,72L418,72L418,73L419,73L419,74L420,75L420,75L420,75L420,75L418,75L418,75L418,75L418,75L417,76L417,77L416,77L416,76L416,75L416,74L415,73L414,72L414,72Z",ME:"M400,83L400,83L399,83L399,84L399,84L398,84L398,83L397,83L397,83L397,82L398,81L398,81L399,81L399,82L400,82L401,82L401,82Z",MG:"M459,193L460,194L460,195L460,198L461,198L461,199L460,200L460,199L459,199L460,201L460,202L459,202L459,204L458,206L457,209L456,213L455,216L454,218L453,218L451,219L450,219L448,218L448,217L447,215L447,214L447,212L447,211L448,210L448,210L449,208L449,207L448,206L448,205L448,203L449,202L449,200L450,200L451,200L452,200L453,200L454,198L455,197L456,196L456,195L457,196L458,194L458,193L458,192Z",MK:"M405,83L406,84L406,85L406,85L405,86L404,86L403,86L402,86L401,86L401,85L401,84L401,84L402,84L403,84L403,84L404,83Z",ML:"M337,143L337,142L337,142L336,141L336,140L336,139L336,138L337,137L337,137L339,138L340,137L341,137L341,137L349,137L349,136L349,135L348,127L347,118L350,118L357,122L364,127L364,128L365,128L366,129L366,130L369,130L369,134L367,136L367,137L365,137L363,137L362,138L361,138L359,138L359,138L358,138L356,139L356,140L354,140L354,141L353,141L352,141L351,142L351,143L350,145L350,145L349,146L349,147L348,148L348,148L348,147L347,147L347,147L346,148L345,148L344,147L344,148L343,147L343,146L343,146L343,146L343,146L343,145L342,144L342,144L342,143L341,143L341,144L340,144L340,144L339,144L338,144L338,144L337,144L337,144Z",MM:"M560,127L559,128L558,128L557,129L556,131L555,131L556,133L557,134L558,136L557,137L556,138L557,139L558,140L558,141L558,142L559,144L558,146L557,148L557,147L558,145L557,144L557,142L556,141L556,138L555,136L554,134L553,135L551,137L550,136L548,136L549,133L549,132L547,129L547,129L546,128L545,127L545,125L545,125L545,124L546,123L546,123L547,122L547,120L548,120L549,119L549,118L550,116L550,115L553,113L554,114L554,113L555,112L555,111L556,111L556,113L557,113L557,115L557,116L555,118L555,120L557,120L558,122L559,122L558,124L560,125L561,125L562,124L562,125L561,126Z",MN:"M536,69L538,69L541,67L544,66L546,67L548,67L550,68L552,68L555,69L556,67L556,66L558,64L560,65L562,65L564,65L565,67L567,68L569,67L572,67L574,67L576,68L577,69L579,69L581,70L583,69L586,69L589,68L590,68L591,68L593,68L592,70L591,72L591,73L593,72L595,73L596,72L598,73L600,74L599,75L598,74L595,75L593,75L592,77L589,77L587,78L585,78L584,78L583,79L583,80L584,81L582,81L581,82L578,83L575,83L572,84L570,85L569,84L567,84L564,83L562,83L559,83L555,83L553,83L552,81L551,80L549,79L547,78L544,78L542,77L541,77L542,74L541,73L538,72L536,71Z",MR:"M326,126L326,125L334,125L334,122L334,121L336,121L336,116L343,116L343,113L350,118L347,118L348,127L349,135L349,136L349,137L341,137L341,137L340,137L339,138L337,137L337,137L336,138L336,139L334,137L333,136L332,135L331,135L330,135L329,135L328,135L327,136L327,135L327,134L328,132L327,130L327,129L327,128L327,127Z",MW:"M426,186L427,187L428,187L429,188L429,191L429,193L429,195L430,195L431,196L431,197L432,200L431,200L430,202L429,200L429,199L429,198L429,197L428,197L428,197L426,196L425,195L426,194L427,193L426,191L427,190L427,189L426,187Z",MX:"M126,103L128,103L131,103L130,103L133,104L138,105L142,105L144,105L144,104L147,104L148,105L149,106L150,107L151,108L151,109L152,109L154,110L155,108L157,108L158,109L159,111L160,112L161,113L161,114L162,115L164,116L165,116L166,116L165,118L165,119L164,122L164,123L165,124L165,125L166,127L167,128L167,129L168,130L170,131L171,132L173,131L174,131L176,131L177,130L178,129L179,128L179,127L179,126L181,125L183,125L185,125L186,125L186,125L186,126L185,127L185,129L185,129L185,130L184,131L184,131L183,131L183,131L182,132L182,132L182,132L182,132L180,132L178,132L178,133L177,133L178,134L179,135L179,135L179,135L179,136L177,136L176,137L176,138L176,138L176,139L173,137L172,136L171,136L169,136L168,136L167,137L165,136L164,136L162,135L161,135L158,134L157,133L156,132L155,132L153,131L152,131L150,129L149,128L149,127L149,127L149,126L149,126L149,125L149,124L149,123L148,122L146,120L144,119L143,118L141,117L141,116L141,115L140,115L139,114L139,112L138,112L136,111L136,110L135,109L134,108L134,106L134,106L132,105L132,105L130,104L130,105L130,106L131,108L131,108L133,110L133,110L133,110L134,111L134,111L134,112L135,113L136,114L137,115L137,117L138,117L139,118L139,119L140,119L140,120L141,121L141,122L140,122L140,122L139,121L138,120L137,119L136,119L136,117L135,116L134,115L133,114L133,115L132,114L131,114L130,113L130,112L131,113L132,112L132,111L130,109L129,109L128,108L127,106L127,105Z",MY:"M560,155L561,155L562,156L562,157L564,156L564,156L565,156L566,157L567,158L567,160L567,161L567,161L567,162L568,163L568,165L568,165L567,166L565,164L563,162L563,161L561,160L561,158L560,157L561,156ZM596,160L594,159L592,159L591,162L590,162L589,165L588,166L586,165L585,165L584,166L582,166L581,166L580,165L579,164L581,165L582,164L583,163L584,162L586,162L587,160L588,159L589,160L590,159L591,159L591,158L591,157L592,156L593,154L594,154L595,155L595,156L597,157L598,157L598,158L597,158L597,159Z",MZ:"M429,191L431,191L433,191L434,191L435,191L436,191L437,191L439,190L441,189L441,190L441,192L441,193L441,196L442,197L441,199L440,200L439,201L437,202L435,203L433,205L432,206L430,207L430,208L429,209L430,211L431,212L431,212L431,212L431,214L431,215L431,215L431,216L430,217L428,218L426,219L425,219L425,220L426,220L426,221L424,221L424,221L424,220L424,219L424,217L423,215L422,213L424,210L425,209L425,209L426,207L425,207L425,205L426,204L426,201L425,201L424,201L423,200L422,200L421,200L421,199L420,198L426,196L428,197L428,197L429,197L429,198L429,199L429,200L430,202L431,200L432,200L431,197L431,196L430,195L429,195L429,193Z",NA:"M400,218L400,225L398,226L397,226L396,226L395,226L394,225L394,224L393,225L391,224L390,222L390,220L389,219L389,216L389,213L389,212L388,211L387,210L386,207L385,206L384,204L383,203L384,202L386,202L387,202L388,203L388,203L397,203L398,204L403,204L406,203L408,203L409,203L410,203L410,203L409,204L408,204L407,205L406,204L403,204L402,205L402,212L400,212Z",NC:"M692,210L693,211L694,212L693,213L692,212L691,211L690,210L688,209L688,208L689,208L690,209L691,210Z",NE:"M390,122L390,125L391,126L391,127L392,127L391,128L391,132L390,135L388,137L387,139L388,140L388,141L389,141L389,142L388,142L388,143L388,143L387,141L386,141L385,142L383,141L382,141L381,142L380,141L379,142L378,142L376,141L375,142L374,142L373,141L371,140L369,141L368,141L368,142L367,143L367,145L366,144L365,144L364,144L364,143L362,142L362,141L361,140L361,139L361,138L362,138L363,137L365,137L367,137L367,136L369,134L369,130L371,129L377,125L384,121L387,122L388,123Z",NG:"M365,155L365,152L365,151L366,150L366,149L367,148L367,147L368,147L367,145L367,145L367,143L368,142L368,141L369,141L371,140L373,141L374,142L375,142L376,141L378,142L379,142L380,141L381,142L382,141L383,141L385,142L386,141L387,141L388,143L388,143L389,144L389,144L389,145L387,146L387,148L386,149L386,149L386,151L384,151L384,152L384,153L383,154L382,155L381,154L380,154L379,155L378,155L378,157L377,158L375,159L374,159L373,160L372,159L371,158L370,157L369,155L367,155Z",NI:"M193,146L192,147L192,146L191,146L191,146L190,146L189,146L189,146L188,145L187,144L187,144L186,143L185,142L185,142L185,142L185,142L186,142L186,141L187,141L186,140L187,140L187,140L188,140L188,140L189,140L189,140L190,139L190,139L190,139L190,138L190,138L191,139L191,139L192,139L192,139L193,138L193,138L194,138L194,138L193,139L194,139L193,140L193,141L193,142L193,142L193,143L193,143L193,144L193,145L192,145L192,146Z",NL:"M374,61L374,62L374,64L373,64L372,64L372,66L371,66L370,65L368,65L367,65L368,65L369,62L372,61Z",NO:"M390,9L391,8L394,8L397,9L403,10L398,11L397,12L395,13L394,14L392,14L388,13L389,13L386,12L382,10L381,9L386,8L387,9ZM422,29L419,30L417,30L418,28L415,28L412,28L411,30L409,31L407,30L405,30L402,29L401,30L400,30L400,31L396,31L395,32L394,32L392,33L390,36L387,38L388,39L387,40L385,40L384,42L384,44L385,45L385,48L383,49L382,50L381,49L377,51L374,52L371,51L371,49L370,44L372,43L377,41L381,39L385,36L390,32L393,31L398,28L403,27L406,28L409,26L413,26L416,26L423,27L420,28ZM415,8L412,9L406,9L400,9L400,8L397,8L395,7L401,7L404,7L406,7L411,7ZM409,12L405,13L401,13L403,12L402,11L406,11L407,12Z",NP:"M536,112L536,113L536,114L536,115L534,115L532,115L531,115L529,114L527,113L524,112L522,111L520,110L521,109L522,108L523,107L525,108L527,109L528,109L528,110L530,111L532,112L534,112Z",NZ:"M714,248L713,249L712,251L710,251L710,251L709,251L710,249L710,248L708,247L708,246L709,246L709,244L709,243L709,241L709,241L708,240L706,238L705,237L706,237L707,238L709,239L709,240L711,242L711,241L712,242L712,243L714,244L715,244L716,243L717,243L717,245L716,246L714,246L714,247L714,248ZM699,255L701,254L702,253L703,252L704,251L704,250L706,249L706,250L706,251L708,250L708,251L708,252L708,252L706,254L705,255L706,256L705,256L703,256L702,258L701,260L700,261L699,261L697,261L696,261L693,260L693,260L694,258L697,256L698,256Z",OM:"M470,123L470,122L471,121L471,120L472,120L472,119L472,118L473,118L474,120L475,120L476,121L477,121L478,122L479,123L480,123L480,123L479,125L479,125L478,126L477,127L476,127L476,128L475,129L476,130L475,130L474,130L473,131L473,132L473,132L471,132L471,133L471,134L470,134L468,134L467,135L466,135L466,133L464,130L470,128L471,124ZM473,117L472,116L473,115L473,115L473,116Z",PA:"M205,151L205,151L206,152L205,153L204,153L204,154L204,153L203,152L204,151L203,151L203,151L202,150L201,150L200,151L200,151L199,151L199,152L200,153L199,153L199,153L198,154L198,152L198,153L197,153L197,152L196,152L195,151L194,151L194,152L194,152L194,151L194,151L194,150L195,150L194,150L194,149L195,149L196,150L196,150L196,150L197,150L197,150L198,150L199,150L200,149L201,149L202,149L202,149L203,149L204,150L205,150Z",PE:"M220,177L218,177L218,177L217,177L214,179L214,179L214,180L214,181L213,182L213,183L212,183L213,185L214,186L214,187L215,187L216,188L217,188L219,187L219,190L220,190L221,190L223,193L222,194L222,195L222,197L221,198L222,199L221,199L222,201L221,203L220,204L219,205L217,204L217,203L213,201L210,199L208,197L207,196L207,195L206,192L204,189L202,185L201,184L200,182L199,181L197,180L198,179L197,177L198,176L199,175L200,176L199,176L199,177L200,177L201,177L202,178L203,177L203,176L204,174L207,173L209,171L210,170L209,168L210,168L211,169L212,170L213,171L214,173L215,173L216,172L217,173L218,173L220,173L219,175L219,176Z",PG:"M642,173L645,175L649,176L651,177L652,178L652,179L655,180L656,181L654,181L654,183L656,184L657,186L659,186L659,187L660,187L659,188L662,189L661,189L660,189L660,189L658,189L656,188L654,187L653,186L652,184L649,183L648,184L647,184L647,186L645,187L644,186L642,186L642,180ZM665,175L666,176L666,177L666,178L665,176L665,176L664,175L663,174L661,173L662,173L663,174L664,174L664,174ZM663,180L662,180L660,181L659,181L658,180L657,179L657,179L659,179L660,179L660,178L660,178L660,179L662,179L662,178L663,178L663,176L664,176L665,177L665,178L664,179L663,179ZM670,179L670,179L671,180L672,181L672,182L671,182L670,181L669,180L669,178L669,178Z",PH:"M602,143L601,141L602,141L603,142L603,144ZM605,148L606,147L606,146L607,146L607,147L608,146L608,147L607,148L607,149L606,150L605,149ZM613,151L613,152L613,154L612,155L612,153L611,154L611,156L611,157L608,156L608,154L608,153L607,152L607,153L606,153L604,154L604,154L605,152L606,151L607,151L608,152L609,151L610,150L611,150L611,148L612,149L613,150ZM597,149L594,151L595,150L597,149L598,147L599,145L599,147L598,148ZM605,132L604,132L605,134L605,135L603,136L603,138L603,139L605,140L605,139L608,140L608,142L608,142L608,143L607,142L606,141L605,142L604,140L602,141L601,140L601,139L602,139L601,138L601,139L600,138L600,137L600,135L601,136L601,133L601,131L603,131L604,132L604,131ZM604,145L604,144L605,145L606,145L606,146L605,147L604,147L604,146ZM611,144L612,146L610,145L610,146L611,147L610,148L610,146L609,146L609,145L610,145L610,144L609,143L610,143Z",PK:"M516,97L514,99L512,99L508,99L507,99L508,101L509,102L511,103L509,105L509,106L507,108L506,110L504,112L501,112L499,114L500,115L501,117L502,118L502,119L498,119L496,121L495,120L494,119L493,117L489,118L486,118L483,118L484,116L487,114L486,114L486,113L485,111L484,111L483,109L482,108L485,109L487,109L488,109L489,109L490,109L493,108L493,107L494,105L495,105L496,105L497,105L498,105L499,104L499,103L499,102L501,101L500,100L502,100L502,99L502,99L503,98L503,97L503,96L504,95L506,95L508,94L509,94L510,94L512,95L512,96Z",PL:"M407,60L407,61L408,62L408,63L406,63L407,64L407,65L408,67L408,67L407,67L405,69L406,70L405,70L403,69L402,69L401,69L400,70L399,69L398,69L398,69L397,68L395,68L395,67L394,67L393,68L392,67L392,67L391,66L390,66L389,65L389,64L389,63L388,62L389,62L388,60L390,60L393,59L395,58L397,59L397,59L399,59L402,59L405,59L406,60Z",PR:"M227,131L228,131L229,132L228,132L227,132L226,132L226,131L226,131Z",PS:"M431,105L430,105L430,105L430,104L430,104L430,103L431,103L431,104Z",PT:"M342,84L343,84L343,83L344,84L345,84L345,84L347,84L347,85L346,86L346,87L346,88L346,89L345,89L346,90L345,91L346,92L346,92L345,93L345,94L344,94L343,94L342,94L343,93L342,91L341,91L341,91L341,89L342,88L342,88L342,86L342,86L342,85Z",PY:"M244,208L244,209L244,212L246,213L247,212L248,213L249,213L249,215L249,216L250,216L251,216L251,216L251,217L251,218L251,219L250,221L249,223L247,223L245,223L243,222L245,219L244,218L242,218L240,216L238,216L235,212L235,210L235,209L236,207L240,207L242,207L244,208Z",QA:"M462,118L461,117L462,116L463,116L463,116L463,118L463,119L462,119Z",RO:"M416,77L417,77L418,77L419,77L419,78L418,78L418,78L417,81L416,80L414,80L412,80L411,81L408,81L407,80L406,80L405,80L405,79L405,79L405,79L404,79L403,78L403,78L402,77L402,77L400,76L402,75L403,74L404,73L405,72L406,72L408,72L409,72L410,73L410,72L412,72L412,72L413,72L414,72L414,72L415,73L416,74L416,75L416,76Z",RS:"M398,76L399,76L400,76L402,77L402,77L403,78L403,78L404,79L405,79L405,79L405,79L405,80L405,80L405,81L406,82L405,82L405,83L405,83L405,83L404,83L403,84L403,83L403,83L404,83L403,83L403,82L403,82L402,82L402,82L402,81L401,82L401,82L401,82L401,82L400,82L399,82L399,81L398,81L399,81L399,80L398,79L399,78L398,78L399,78L398,77Z",RU:"M548,6L552,5L556,7L560,8L560,10L556,10L550,10L547,9L545,8L542,7ZM566,9L571,11L570,11L559,12L563,10L564,9ZM638,16L643,16L650,17L649,18L641,18L638,19L634,17L635,16ZM656,17L661,18L659,19L656,18L652,18L653,17ZM640,21L642,20L644,20L647,21L647,22L644,22L640,21ZM450,7L454,6L457,6L457,7L458,6L460,6L463,7L462,7L460,7L458,7L458,8L455,8L453,8L454,7ZM405,59L402,59L399,59L400,58L403,58L405,58L406,58L405,59ZM467,20L472,19L471,18L476,17L482,15L489,15L492,14L496,14L498,15L496,16L489,17L483,17L477,19L474,21L471,23L471,25L475,27L474,27L467,26L467,26L463,25L463,24L465,24L465,22L469,21ZM646,61L647,63L646,64L647,67L649,70L646,69L645,72L647,74L647,76L645,75L644,76L644,74L644,72L644,70L644,69L644,66L643,64L643,61L645,60L644,60L645,59ZM0,30L0,30L5,32L10,34L10,35L11,35L11,34L16,34L20,36L18,37L15,37L15,39L14,39L12,39L11,39L8,38L8,37L6,37L3,37L2,37L3,36L0,36L1,37L0,38L0,38L0,30ZM720,38L720,38L717,39L715,39L717,40L718,41L719,42L719,43L718,43L715,43L709,44L707,45L704,46L701,47L701,48L698,47L693,48L692,48L690,49L687,48L686,50L684,52L684,52L686,53L686,56L684,56L683,57L684,58L681,59L680,62L677,62L676,64L674,66L673,65L672,62L671,57L672,54L674,53L674,52L677,52L680,49L684,47L687,46L689,43L687,43L685,45L680,47L679,44L673,45L668,48L670,50L666,50L663,50L663,49L660,49L657,50L651,49L644,50L638,54L630,59L633,59L634,60L636,60L638,59L640,60L643,62L643,64L641,66L641,68L640,71L637,74L636,75L634,78L631,80L630,81L627,82L626,82L625,81L622,83L622,84L622,84L621,83L621,82L622,82L623,80L622,78L624,77L626,78L628,76L628,74L629,73L630,71L627,72L625,72L622,72L621,71L619,69L615,68L615,67L614,65L613,64L612,62L610,62L607,61L604,61L602,61L600,62L601,63L601,64L600,65L599,67L599,68L596,69L593,68L591,68L590,68L589,68L586,69L583,69L581,70L579,69L577,69L576,68L574,67L572,67L569,67L567,68L565,67L564,65L562,65L560,65L558,64L556,66L556,67L555,69L552,68L550,68L548,67L546,67L544,66L541,67L538,69L536,69L535,70L534,68L531,69L530,68L529,67L528,66L527,66L524,66L521,65L520,66L516,61L513,60L514,59L509,61L507,61L507,60L504,59L502,60L502,58L498,57L496,58L491,59L490,59L483,60L482,61L483,62L481,63L482,63L480,64L483,65L483,66L480,66L479,67L477,66L474,66L471,67L469,66L465,65L462,65L457,67L457,68L455,67L454,69L454,70L453,71L455,73L456,73L457,74L457,75L458,75L457,76L455,77L453,79L455,81L455,82L457,84L456,85L456,86L455,86L453,84L453,84L452,84L451,83L449,83L448,83L448,83L445,82L442,81L440,81L440,81L437,79L435,79L433,78L435,77L436,76L435,75L438,74L438,73L436,74L437,73L438,72L439,72L440,72L439,70L440,69L440,69L437,68L436,68L435,67L433,68L431,67L431,66L430,66L428,65L428,65L429,64L428,63L425,64L425,63L424,64L424,64L423,63L423,62L423,62L425,62L425,61L425,61L423,60L424,60L423,60L422,58L422,58L422,57L420,56L419,57L418,56L416,56L416,54L416,54L415,53L415,52L415,51L416,49L416,49L418,48L416,47L420,44L422,43L423,42L420,41L421,40L419,38L420,36L418,34L420,33L417,31L417,30L419,30L422,29L424,28L428,29L433,30L441,32L442,33L442,34L440,35L437,36L428,34L426,35L430,36L430,37L430,39L432,40L434,40L434,39L433,38L434,38L439,39L441,38L440,37L444,35L446,35L448,36L449,34L447,33L448,32L447,31L453,32L454,33L451,33L451,34L453,35L456,34L456,33L460,32L467,30L469,30L467,32L469,32L471,31L475,31L478,30L480,31L482,30L480,29L481,28L487,29L490,30L497,32L498,31L496,30L496,29L494,29L495,28L493,27L493,26L497,24L498,22L500,22L505,22L506,24L504,25L505,26L506,27L505,30L507,31L506,33L503,35L505,36L506,35L508,34L508,33L510,32L509,31L510,30L508,30L507,29L509,27L506,25L510,24L509,22L510,22L511,23L511,25L513,26L512,24L515,23L519,23L523,25L521,23L521,21L524,20L529,20L534,20L532,19L534,18L537,18L541,17L546,16L546,16L552,16L553,16L558,15L562,15L562,14L564,13L569,13L572,13L569,14L574,14L574,15L576,15L582,15L587,16L588,16L588,17L586,18L580,19L579,20L581,20L584,20L586,20L587,21L588,21L591,20L598,21L598,22L606,22L607,21L611,21L614,21L617,22L618,23L617,24L619,26L623,26L625,24L628,25L631,25L635,25L636,25L640,25L638,23L641,22L659,24L661,25L666,26L674,26L678,26L680,27L679,29L682,29L685,29L688,29L692,29L696,29L699,31L702,30L700,29L701,28L707,28L711,28L717,29L720,30L720,38ZM720,26L718,26L717,26L720,25L720,26ZM0,25L0,25L0,25L0,25L2,25L5,25L5,26L3,26L0,26L0,26L0,25ZM427,76L427,76L429,76L429,76L430,76L430,77L430,77L431,77L433,77L433,78L430,78L428,79L427,79L427,78L425,77L425,77L427,76Z",RW:"M421,170L422,171L422,173L421,173L420,173L419,174L418,174L418,173L419,172L419,171L419,171L420,171Z",SA:"M430,109L432,110L433,109L433,108L435,108L435,107L436,107L434,105L438,104L438,104L441,104L444,106L449,110L453,110L455,110L455,111L457,111L458,113L459,113L459,114L460,115L460,115L460,116L460,117L461,117L461,118L462,118L462,119L463,119L463,120L463,120L464,122L470,123L470,123L471,124L470,128L464,130L458,131L456,132L455,134L454,134L453,133L453,134L451,133L450,133L448,133L448,133L447,133L446,134L446,135L446,135L445,134L445,134L445,133L444,132L442,131L442,129L440,128L440,127L438,125L438,124L438,123L437,121L436,120L435,119L434,118L434,118L434,117L433,116L433,115L431,113L430,112L429,112L430,111L430,110Z",SB:"M684,189L685,190L683,190L683,188L684,189ZM683,187L683,188L682,186L681,185L682,185L683,186ZM682,188L681,188L680,188L679,187L679,186L681,187L681,187ZM679,184L680,185L680,185L678,184L677,184L676,183L677,183L678,183ZM674,182L675,183L675,183L674,182L673,182L673,181Z",SD:"M409,152L408,151L407,150L407,149L407,149L407,148L406,147L406,146L406,145L405,145L405,143L405,143L404,143L404,142L405,141L404,140L405,140L405,139L405,138L406,137L408,137L408,129L408,128L410,128L410,124L418,124L426,124L434,124L434,126L434,126L434,128L435,131L436,131L437,132L436,133L434,133L434,134L434,135L433,138L433,139L433,141L432,143L431,144L430,145L429,146L429,147L428,149L428,151L428,149L428,149L428,148L427,147L426,147L426,145L426,144L425,144L425,144L424,144L425,145L425,146L424,147L423,148L422,149L420,147L419,148L419,148L418,149L418,149L416,149L416,149L414,149L414,149L413,149L412,148L412,147L410,147L410,148L409,150L408,151L408,151Z",SE:"M382,50L383,49L385,48L385,45L384,44L384,42L385,40L387,40L388,39L387,38L390,36L392,33L394,32L395,32L396,31L400,31L400,30L401,30L404,31L407,32L407,35L408,36L404,37L402,38L403,39L400,41L396,43L394,45L396,47L398,48L396,50L394,51L393,54L392,56L389,56L388,57L386,57L385,55L384,53Z",SI:"M388,75L389,75L390,75L392,75L392,74L393,74L393,75L392,76L391,76L391,77L391,77L390,77L389,77L389,77L387,77L388,77L387,76Z",SK:"M405,70L405,70L404,71L404,71L402,71L401,71L400,71L400,72L399,71L398,72L398,72L397,72L396,72L395,72L394,72L394,71L394,71L394,70L395,70L396,70L396,70L396,70L396,69L397,69L397,69L398,69L398,69L399,69L400,70L401,69L402,69L403,69Z",SL:"M334,150L335,149L335,149L335,148L336,148L336,148L338,148L338,149L339,149L339,150L339,151L339,151L340,151L339,152L338,153L338,154L337,154L337,154L335,153L334,152L334,152Z",SN:"M327,141L326,139L325,139L326,138L327,137L327,136L328,135L329,135L330,135L331,135L332,135L333,136L334,137L336,139L336,140L336,141L337,142L337,142L337,143L337,143L336,143L335,143L335,143L334,143L333,143L329,143L328,143L328,143L327,143L326,142L328,142L329,141L329,141L330,141L331,141L331,141L332,141L332,140L331,141L331,141L330,140L329,140L329,141Z",SO:"M443,171L442,170L442,162L444,160L444,160L446,159L447,158L450,158L456,152L457,150L458,149L458,148L458,146L458,145L458,145L459,145L459,145L461,145L461,144L462,144L462,145L462,146L462,147L462,147L461,150L460,152L459,154L457,157L455,160L453,162L451,164L448,166L446,167L444,170L444,171Z",SR:"M251,163L250,163L249,163L248,163L248,164L248,164L248,164L247,164L246,162L245,161L245,161L244,160L244,159L244,158L245,158L246,156L248,156L248,156L250,156L252,156L251,158L251,160L252,161L252,162L251,163Z",SS:"M422,161L420,160L419,159L418,159L417,159L417,159L416,159L415,158L414,157L413,156L412,155L412,154L410,153L410,152L409,152L408,151L408,151L409,150L410,148L410,147L412,147L412,148L413,149L414,149L414,149L416,149L416,149L418,149L418,149L419,148L419,148L420,147L422,149L423,148L424,147L425,146L425,145L424,144L425,144L425,144L426,144L426,145L426,147L427,147L428,148L428,149L428,149L428,151L428,151L427,151L426,152L427,153L428,154L428,154L429,155L431,157L429,158L428,159L427,160L425,160L424,161L422,160Z",SV:"M181,139L182,139L182,140L183,140L183,140L184,140L184,140L185,140L184,141L184,142L183,142L182,141L181,141L180,141L180,141L180,140L181,140L181,140L181,139Z",SY:"M431,103L431,103L432,102L432,101L432,100L433,100L433,99L432,99L432,97L432,96L433,96L433,95L433,94L434,95L436,94L437,95L439,95L441,94L442,94L445,94L444,95L443,95L443,97L442,99L438,101L434,103Z",SZ:"M424,221L424,222L423,223L421,221L421,221L422,220L422,219L423,219L424,220L424,221Z",TD:"M408,129L408,137L406,137L405,138L405,139L405,140L404,140L405,141L404,142L404,143L405,143L405,143L405,145L406,145L406,146L404,146L403,147L402,149L400,150L398,150L398,150L398,151L397,151L396,152L393,153L393,153L393,152L392,153L391,153L391,153L390,151L390,150L389,150L388,149L388,148L389,148L390,148L391,148L390,146L390,145L390,144L389,142L389,141L388,141L388,140L387,139L388,137L390,135L391,132L391,128L392,127L391,127L391,126L390,125L390,122L392,121L400,125Z",TF:"M498,265L499,266L501,266L501,267L501,267L497,268L497,266L498,266Z",TG:"M362,146L362,147L362,148L363,148L363,149L363,150L363,154L364,156L362,156L362,155L361,154L361,153L361,151L361,151L361,149L361,148L360,147L360,146Z",TH:"M570,139L569,139L566,140L565,141L565,144L563,143L562,143L562,141L560,141L560,143L559,146L558,148L558,150L560,150L561,151L561,153L562,154L563,155L564,156L564,156L562,157L562,156L561,155L560,155L559,154L559,153L558,152L557,151L557,152L556,151L557,150L557,148L558,146L559,144L558,142L558,141L558,140L557,139L556,138L557,137L558,136L557,134L556,133L555,131L556,131L557,129L558,128L559,128L560,127L561,128L561,129L563,129L562,131L562,133L564,132L565,132L566,132L566,131L568,132L569,133L570,135L571,137L571,139Z",TJ:"M496,94L497,92L496,90L495,90L495,89L497,89L498,88L499,87L501,86L501,87L501,88L502,88L501,88L499,88L499,89L501,89L504,89L507,89L508,91L509,91L510,91L510,92L510,93L508,93L507,93L505,94L504,94L504,95L503,94L503,92L502,92L503,91L502,91L501,92L501,93L500,93L499,93L498,94L498,93L496,94Z",TL:"M610,186L610,185L612,185L613,185L614,185L615,185L614,185L612,186L610,187L610,186Z",TM:"M465,84L466,84L468,83L470,84L471,85L472,85L474,85L474,84L476,84L477,82L480,84L480,85L481,86L483,85L484,86L485,88L487,89L488,90L490,91L493,92L493,93L492,93L491,93L491,93L489,94L489,95L488,96L486,96L486,97L484,97L482,97L482,95L481,95L478,93L477,93L475,92L473,92L472,92L471,92L470,93L468,94L467,92L468,90L466,89L467,88L465,88L466,86L468,87L469,86L468,85L467,84L466,84L466,86Z",TN:"M379,107L378,104L377,103L377,103L375,101L375,100L376,99L377,97L376,95L377,94L379,93L380,94L380,95L382,94L382,94L381,95L381,96L382,97L382,98L380,99L381,100L382,100L382,101L383,102L383,103L382,104L381,104L380,105L380,106L380,107Z",TR:"M450,94L449,94L448,93L446,93L445,94L442,94L441,94L439,95L437,95L436,94L434,95L433,94L433,95L433,96L432,96L432,95L432,95L431,95L429,94L428,96L425,96L423,95L421,95L421,95L419,96L417,95L415,95L414,93L413,92L414,90L412,89L415,87L418,87L418,86L422,86L425,85L427,84L430,84L434,85L437,86L439,86L441,86L443,85L445,85L447,86L448,87L447,87L449,88L450,89L448,89L449,91L448,92ZM412,84L414,84L416,84L416,85L418,85L418,86L415,86L414,87L413,88L412,87L412,86L413,86L413,85Z",TT:"M237,146L238,146L238,146L238,148L236,148L236,148L237,147Z",TW:"M604,119L602,122L601,124L600,122L600,121L601,119L603,117L604,118Z",TZ:"M428,170L428,170L435,174L436,175L438,177L437,180L438,181L439,182L439,182L438,183L439,184L438,185L439,186L440,188L441,189L439,190L437,191L436,191L435,191L434,191L433,191L431,191L429,191L429,188L428,187L427,187L426,186L424,186L423,186L422,185L421,185L420,182L419,181L419,180L419,179L419,177L420,177L420,176L421,175L422,175L421,174L421,174L421,173L422,173L422,171L421,170L422,170L424,170Z",UA:"M424,64L424,64L425,63L425,64L428,63L429,64L428,65L428,65L430,66L431,66L431,67L433,68L435,67L436,68L437,68L440,69L440,69L439,70L440,72L439,72L438,72L437,73L436,74L435,74L434,75L432,75L430,75L430,77L430,76L429,76L429,76L427,76L427,76L427,76L423,75L423,75L421,75L421,76L419,77L418,77L417,77L416,77L417,77L417,76L418,75L418,75L418,75L418,75L420,75L420,75L420,75L420,75L419,74L419,73L418,73L418,72L417,72L417,72L415,71L414,71L413,72L412,72L412,72L410,72L410,73L409,72L408,72L406,72L405,72L405,72L404,71L405,70L405,70L406,70L405,69L407,67L408,67L408,67L407,65L408,65L409,64L411,64L413,64L415,65L416,65L417,65L418,65L419,65L420,65L421,65L421,64L422,64Z",UG:"M428,170L424,170L422,170L421,170L420,171L419,171L419,169L420,168L420,167L420,166L421,165L422,164L422,164L422,163L422,161L422,160L424,161L425,160L427,160L428,159L429,161L429,162L430,164L429,166L428,167L428,168Z",US:"M114,70L120,70L126,70L128,70L134,70L140,70L146,70L152,70L159,70L166,70L170,70L170,69L170,69L171,70L171,71L173,71L175,71L177,72L178,71L181,72L181,72L183,71L185,72L187,73L189,74L190,74L190,75L191,75L191,75L191,75L192,75L192,75L192,76L193,76L193,76L193,76L195,77L195,79L196,81L195,82L194,83L194,84L194,84L194,84L195,85L195,85L197,84L200,83L202,82L202,82L202,81L202,81L203,81L205,81L206,81L207,80L207,80L209,78L210,78L213,78L217,78L217,77L218,77L219,77L219,76L220,75L222,73L222,74L224,73L224,74L224,77L226,78L226,78L224,79L222,80L220,81L219,82L218,82L218,83L219,84L220,84L220,84L220,84L220,85L219,85L218,85L216,85L215,85L214,86L213,86L216,86L216,86L213,87L212,87L212,86L211,87L212,87L212,89L210,90L210,90L210,90L209,89L209,90L210,90L210,91L209,92L208,94L208,93L209,92L208,91L207,90L207,91L207,92L206,92L207,92L207,94L208,94L208,95L209,97L207,98L205,99L204,100L203,100L202,101L202,102L199,103L198,104L197,105L197,107L197,108L198,110L199,111L199,112L200,114L200,116L200,116L199,118L199,118L198,118L197,117L197,116L196,115L195,113L194,112L195,111L194,110L193,108L192,108L190,109L189,109L188,108L187,107L185,107L183,107L182,107L181,108L181,108L181,109L182,109L181,110L180,109L180,110L178,110L177,109L175,109L174,108L172,109L171,109L169,111L167,111L166,112L165,113L165,115L165,116L166,116L165,116L164,116L162,115L161,114L161,113L160,112L159,111L158,109L157,108L155,108L154,110L152,109L151,109L151,108L150,107L149,106L148,105L147,104L144,104L144,105L142,105L138,105L133,104L130,103L131,103L128,103L126,103L125,102L124,101L123,101L123,100L122,100L121,99L119,99L119,99L119,98L117,96L115,93L115,92L114,92L113,90L112,88L111,87L112,86L112,84L111,82L112,81L112,79L112,77L112,74L111,73L111,72L111,71L114,72L115,74L115,73L115,72ZM49,128L50,128L50,128L50,129L50,129L50,130L49,130L49,130L48,130L48,129L48,129L48,128L48,128L48,128L48,127L48,128ZM48,126L48,127L47,127L47,126L47,126L47,126L47,126L47,126ZM46,126L46,126L45,126L45,126ZM44,125L44,125L45,125L45,125L44,125L44,125L43,125L43,125ZM41,124L41,124L41,124L40,124L41,124L41,124ZM27,47L29,47L29,48L28,48L26,48L25,48ZM54,52L55,52L56,53L54,54L52,55L51,54L51,53L52,52ZM78,29L78,36L78,47L80,47L82,48L83,49L85,50L87,49L89,48L90,49L91,50L93,51L95,53L97,55L100,56L100,57L99,58L98,58L96,57L96,55L93,54L92,52L90,52L87,52L84,51L80,49L78,49L75,48L72,48L68,47L66,46L64,47L64,48L63,48L61,49L59,49L57,50L56,49L57,47L59,46L59,45L56,47L55,48L52,49L53,50L52,52L49,53L47,53L47,54L44,55L43,56L41,57L39,57L38,57L36,58L34,59L30,59L30,59L32,58L34,57L36,56L39,56L40,55L43,54L43,54L45,53L45,51L46,50L44,51L43,50L42,51L41,50L40,51L39,50L37,51L36,51L36,49L36,49L35,48L32,48L31,47L29,47L29,46L28,45L29,44L30,43L31,42L32,42L34,42L35,41L37,41L38,40L38,40L37,39L38,38L37,38L35,39L34,39L33,39L30,39L27,39L26,38L24,37L27,36L31,35L33,35L32,36L37,36L35,35L33,34L31,33L29,32L26,31L28,30L31,30L34,29L34,28L36,27L38,27L42,26L44,26L47,25L50,26L51,27L52,26L56,26L55,27L59,27L61,27L65,28L69,28L70,28L73,28L76,28ZM17,40L18,41L19,41L21,41L23,41L22,42L21,42L19,42L19,41L17,41L16,41Z",UY:"M245,228L246,228L248,230L249,230L251,231L252,232L254,233L253,234L253,236L252,237L250,238L249,238L248,238L246,237L244,237L243,236L243,235L244,234L244,232L244,230Z",UZ:"M472,85L472,78L477,77L477,77L480,78L482,79L484,81L486,81L490,81L492,82L492,84L493,84L493,86L496,86L497,87L497,87L498,85L501,84L502,83L503,84L501,85L502,86L504,85L506,86L504,88L502,88L501,88L501,87L501,86L499,87L498,88L497,89L495,89L495,90L496,90L497,92L496,94L494,93L493,93L493,92L490,91L488,90L487,89L485,88L484,86L483,85L481,86L480,85L480,84L477,82L476,84L474,84L474,85Z",VE:"M239,158L239,158L238,159L236,160L234,160L234,160L232,160L231,160L230,160L231,160L231,162L231,163L233,163L233,164L232,164L232,165L231,165L229,166L229,166L227,167L226,165L226,164L225,163L224,162L225,161L225,161L225,160L224,159L225,158L225,157L225,156L225,155L223,156L222,156L221,156L220,154L219,154L216,154L216,153L215,153L215,153L215,152L215,151L215,151L214,150L213,150L214,149L214,147L215,146L216,146L216,145L217,144L217,145L216,145L217,146L217,147L216,148L217,150L217,150L218,148L217,148L217,146L220,145L219,144L220,144L221,145L222,145L224,146L224,147L225,147L228,147L229,148L230,148L231,147L231,147L234,147L236,147L235,147L235,148L237,148L238,149L239,151L240,151L240,151L239,152L239,153L239,154L239,154L238,155L238,156L237,156Z",VN:"M569,147L570,146L572,146L572,145L575,143L575,141L575,140L575,138L575,136L573,135L572,133L570,131L568,129L568,129L570,128L569,126L566,126L566,125L564,123L565,123L567,123L569,122L571,121L572,122L573,122L573,124L574,124L576,125L573,127L572,128L571,130L573,132L575,135L577,136L578,137L579,141L578,145L577,146L574,147L573,149L570,151L570,150L570,148Z",VU:"M694,200L696,201L695,201L694,200ZM694,199L693,199L693,197L694,198L695,199L694,199Z",YE:"M464,130L466,133L466,135L465,135L464,136L464,137L462,138L459,139L457,140L456,140L456,140L455,141L453,141L452,141L451,141L451,142L450,142L450,143L449,143L448,143L447,143L446,142L447,140L446,140L446,138L445,138L446,137L445,137L446,136L446,135L446,135L446,134L447,133L448,133L448,133L450,133L451,133L453,134L453,133L454,134L455,134L456,132L458,131Z",ZA:"M393,225L394,224L394,225L395,226L396,226L397,226L398,226L400,225L400,218L400,218L402,220L401,221L402,222L403,221L404,221L405,220L406,219L407,219L407,219L408,219L410,219L411,219L412,218L412,217L413,217L414,216L414,215L416,214L419,212L420,212L421,213L421,212L422,213L423,215L424,217L424,219L424,220L423,219L422,219L422,220L421,221L421,221L423,223L424,222L424,221L426,221L425,223L425,225L424,226L423,227L423,227L422,228L421,229L420,230L418,232L416,234L415,234L413,235L412,235L412,236L410,236L409,236L407,236L406,236L405,236L403,237L401,237L400,238L399,238L398,237L398,237L397,236L397,236L396,236L397,235L396,233L396,233L396,231L395,229L394,228L394,228ZM418,226L417,225L416,226L415,226L414,228L416,229L416,229L417,228L418,228L418,227L419,227Z",ZM:"M421,185L422,185L423,186L424,186L426,186L426,187L427,189L427,190L426,191L427,193L426,194L425,195L426,196L420,198L421,199L419,199L418,200L418,201L417,201L415,203L414,204L413,204L413,204L411,203L410,203L410,203L409,203L408,203L406,203L405,202L404,200L404,194L408,194L408,193L408,192L408,191L408,190L408,190L409,190L409,191L410,190L411,191L412,192L413,192L414,191L415,192L416,193L417,193L418,194L419,195L419,192L419,193L417,192L417,192L417,190L417,187L417,186L417,185L418,185L421,184Z",ZW:"M422,213L421,212L421,213L420,212L419,212L418,211L416,211L415,210L415,209L415,209L412,207L412,205L411,205L411,203L413,204L413,204L414,204L415,203L417,201L418,201L418,200L419,199L421,199L421,200L422,200L423,200L424,201L425,201L426,201L426,204L425,205L425,207L426,207L425,209L425,209L424,210Z"};var p4=720/360;function h4(i){let e=new Map;if(typeof i!="object"||i===null)return e;for(let[L,t]of Object.entries(i))/^[A-Z]{2}$/.test(L)&&typeof t=="number"&&t>0&&e.set(L,t);return e}function u4(i){return Array.isArray(i)?i.flatMap(e=>Array.isArray(e)&&e.length>=3&&e.slice(0,3).every(L=>typeof L=="number")?[{lat:e[0],lon:e[1],weight:e[2]}]:[]):[]}function X1(i,e){return[(e+180)*p4,(84-i)*p4]}function m4(i,e){return e<=0?0:Math.log1p(i)/Math.log1p(e)}var Q4=8,c1=class extends u{constructor(){super(...arguments);this.live=new T(this,()=>this.node?.device.id);this.pushes=0}static getConfigElement(){return _([S,b,{name:"top_countries",selector:{number:{min:0,max:30,mode:"box"}}}])}static getStubConfig(L){let t=$(L);return t?{device_id:t.device.id}:{}}getCardSize(){return 7}getGridOptions(){return{columns:12,min_columns:6,min_rows:5}}watchedEntities(){let L=this.node;return["traffic_map","log_source_connected"].flatMap(t=>L?.entities.get(t)??[])}countryName(L){this.regionNames?.locale!==this.locale&&(this.regionNames={locale:this.locale,names:new Intl.DisplayNames([this.locale,"en"],{type:"region"})});try{return this.regionNames.names.of(L)??L}catch{return L}}render(){if(!this.hass||!this.config)return l;let L=this.node,t=this.config.title??(L?`${L.name} traffic`:"Storj traffic");if(!L)return this.frame(t,this.noNodeMessage());let s=this.stateOf(L,"traffic_map");if(!s||s.state==="unavailable")return this.frame(t,o`${m("info","No traffic map: it is drawn from the node's log. Set a log source in the Storj Monitor integration options.","mdi:text-box-search-outline")}
        ${this.renderMap(new Map,[])}`);let n=this.live.data?.log?.traffic;if(!n){let r=this.live.error?m("warning",`The node's live data cannot be read: ${this.live.error}`):m("info","Waiting for the node's live data…","mdi:timer-sand");return this.frame(t,o`${r} ${this.renderMap(new Map,[])}`)}return this.frame(t,o`<div class="live" data-lines=${this.live.data?.log?.lines??l}>
        ${this.renderTraffic(L.entities.get("log_source_connected"),n)}
      </div>`)}arrivals(L,t){if(this.seen?.traffic===L)return this.seen.arrived;let s=new Map(t.map(a=>[W1(a),a.weight])),n=this.seen?.weights,r=new Set(n?[...s].filter(([a,d])=>d>(n.get(a)??0)).map(([a])=>a):[]);return this.seen={traffic:L,weights:s,arrived:r},this.pushes+=1,r}renderTraffic(L,t){let s=h4(t.countries),n=u4(t.points),r=this.arrivals(t,n),a=L&&this.hass.states[L]?.state==="off",d=l;return t.geoip!==!0?d=m("info","No GeoIP database: set one in the Storj Monitor integration options to place the node's traffic on the map.","mdi:map-marker-question-outline"):a?d=m("warning","The log source is disconnected: the map stopped updating."):s.size===0&&n.length===0&&(d=m("info","No transfers located yet.","mdi:map-marker-outline")),o`${d} ${this.renderMap(s,n,r)} ${this.renderLegend(s)}
    ${this.renderTopCountries(s)}`}renderMap(L,t,s=new Set){let n=Math.max(0,...L.values()),r=Math.max(0,...t.map(a=>a.weight));return o`<svg
      class="map"
      viewBox="0 0 ${720} ${284}"
      role="img"
      aria-label="World map of the node's traffic"
    >
      <path class="graticule" d=${l4}></path>
      ${Object.entries(c4).map(([a,d])=>{let c=L.get(a),p=c?m4(c,n):0;return K`<path class="country" data-country=${a||l} d=${d}
          style=${c?`fill: color-mix(in srgb, var(--primary-color) ${Math.round(20+80*p)}%, var(--storj-land))`:l}>
          ${a&&c?K`<title>${this.countryName(a)}: ${y(c,this.locale,0)}</title>`:l}
        </path>`})}
      ${t.map(a=>{let[d,c]=X1(a.lat,a.lon),p=1.5+5*Math.sqrt(r?a.weight/r:0);return K`<circle class="point" cx=${d.toFixed(1)} cy=${c.toFixed(1)} r=${p.toFixed(1)}></circle>`})}
      ${d4(this.pushes,K`<g class="arrivals">${t.filter(a=>s.has(W1(a))).map(a=>{let[d,c]=X1(a.lat,a.lon);return K`<circle class="arrival" data-arrived cx=${d.toFixed(1)} cy=${c.toFixed(1)} r="2"></circle>`})}</g>`)}
    </svg>`}renderLegend(L){if(L.size===0)return l;let t=Math.max(...L.values());return o`<div class="legend muted">
      <span>1</span><span class="gradient"></span><span data-legend="max">${y(t,this.locale,0)}</span>
      <span>transfers per country (log scale)</span>
      <span class="point-key"><i></i>transfer origins</span>
    </div>`}renderTopCountries(L){let t=this.config?.top_countries??Q4;if(L.size===0||t<=0)return l;let s=[...L.values()].reduce((r,a)=>r+a,0),n=[...L].sort((r,a)=>a[1]-r[1]||r[0].localeCompare(a[0])).slice(0,t);return o`<table class="top">
      <thead>
        <tr>
          <th>Country</th>
          <th>Transfers</th>
          <th>Share</th>
        </tr>
      </thead>
      <tbody>
        ${n.map(([r,a])=>o`<tr data-country=${r}>
            <td>${this.countryName(r)}</td>
            <td data-count>${y(a,this.locale,0)}</td>
            <td>${v(a/s*100,this.locale)}</td>
          </tr>`)}
      </tbody>
    </table>`}};c1.styles=[u.styles,g`
      :host {
        --storj-land: var(--secondary-background-color, #e5e5e5);
      }
      .map {
        width: 100%;
        height: auto;
        display: block;
        background: var(--card-background-color);
      }
      .graticule {
        fill: none;
        stroke: var(--divider-color);
        stroke-width: 0.5;
      }
      .country {
        fill: var(--storj-land);
        stroke: var(--card-background-color, #fff);
        stroke-width: 0.4;
      }
      .point {
        fill: var(--accent-color, #ff9800);
        fill-opacity: 0.7;
        stroke: var(--card-background-color, #fff);
        stroke-width: 0.4;
      }
      /* New transfers from an origin: a ring grows and fades (the seed's "live heatmap"). */
      .arrival {
        fill: none;
        stroke: var(--accent-color, #ff9800);
        stroke-width: 1;
        transform-box: fill-box;
        transform-origin: center;
        animation: arrival 1.6s ease-out 1 forwards;
      }
      @keyframes arrival {
        from {
          transform: scale(1);
          opacity: 0.9;
        }
        to {
          transform: scale(4);
          opacity: 0;
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .arrival {
          animation: none;
          opacity: 0.6;
        }
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 4px 8px;
        font-size: var(--ha-font-size-s, 12px);
      }
      .gradient {
        width: 80px;
        height: 8px;
        border-radius: 4px;
        background: linear-gradient(
          to right,
          color-mix(in srgb, var(--primary-color) 20%, var(--storj-land)),
          var(--primary-color)
        );
      }
      .point-key i {
        display: inline-block;
        width: 8px;
        height: 8px;
        border-radius: 50%;
        margin-right: 4px;
        background: var(--accent-color, #ff9800);
      }
    `];var J4=[{type:"storj-node-card",element:Q,name:"Storj node",description:"A node at a glance: status badges, disk, earnings and reputation per satellite."},{type:"storj-traffic-map-card",element:c1,name:"Storj traffic map",description:"Where the node's traffic goes: a world map with per-country counts."},{type:"storj-latency-card",element:d1,name:"Storj transfer latency",description:"Upload and download latency percentiles, success rates and a histogram."},{type:"storj-fleet-card",element:V,name:"Storj fleet",description:"All your Storj nodes in one sortable table, with totals."},{type:"storj-earnings-card",element:W,name:"Storj earnings",description:"Earnings per month by storage, egress and repair, held back and paid, and this month's estimate."},{type:"storj-reputation-card",element:l1,name:"Storj reputation",description:"Audit, suspension and online scores per satellite, with how far each is from its limit."},{type:"storj-insights-card",element:a1,name:"Storj log insights",description:"Unusual figures, top error types, piece sizes, hot pieces and satellites, from the log."}];customElements.get(S1)||customElements.define(S1,Y);window.customCards??=[];for(let i of J4)customElements.get(i.type)||(customElements.define(i.type,i.element),window.customCards.push({type:i.type,name:i.name,description:i.description,preview:!0}));
