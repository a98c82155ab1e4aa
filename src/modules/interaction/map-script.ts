// Pure: the browser script of the optional location map (served at /interaction/assets/map.js).
// A minimal slippy map over the deployer's own tile server (INTERACTION_MAP_TILE_URL, proxied through
// /interaction/tiles so the page's Content-Security-Policy stays 'self'): a 3×3 grid of 256-px
// Web-Mercator tiles, zoom and pan buttons (keyboard operable), and a click that fills the latitude
// and longitude fields. The typed address and the township/village list are the alternative for
// anyone who cannot or does not want to use the map.
export const MAP_JS = `(function(){
var box=document.getElementById('map');if(!box)return;
var lat=document.getElementById('lat'),lng=document.getElementById('lng');
var z=Number(box.getAttribute('data-zoom'))||14,c=box.getAttribute('data-center').split(',').map(Number);
var cx=lon2x(c[1],z),cy=lat2y(c[0],z);
function lon2x(l,z){return (l+180)/360*Math.pow(2,z)*256;}
function lat2y(a,z){var r=a*Math.PI/180;return (1-Math.log(Math.tan(r)+1/Math.cos(r))/Math.PI)/2*Math.pow(2,z)*256;}
function x2lon(x,z){return x/Math.pow(2,z)/256*360-180;}
function y2lat(y,z){var n=Math.PI-2*Math.PI*y/Math.pow(2,z)/256;return 180/Math.PI*Math.atan(0.5*(Math.exp(n)-Math.exp(-n)));}
var view=document.createElement('div');view.className='map-view';view.style.position='relative';view.style.overflow='hidden';view.style.width='512px';view.style.maxWidth='100%';view.style.height='384px';view.style.background='#eee';view.style.cursor='crosshair';
var pin=document.createElement('div');pin.className='map-pin';pin.setAttribute('aria-hidden','true');pin.textContent='📍';pin.style.position='absolute';pin.style.fontSize='24px';pin.style.display='none';
var status=document.createElement('p');status.setAttribute('aria-live','polite');status.className='hint';
function draw(){view.textContent='';var w=view.clientWidth||512,h=384,n=Math.pow(2,z);
var x0=cx-w/2,y0=cy-h/2;for(var tx=Math.floor(x0/256);tx<=Math.floor((x0+w)/256);tx++)for(var ty=Math.floor(y0/256);ty<=Math.floor((y0+h)/256);ty++){
if(ty<0||ty>=n)continue;var img=document.createElement('img');img.alt='';img.width=256;img.height=256;img.src='/interaction/tiles/'+z+'/'+((tx%n+n)%n)+'/'+ty+'.png';
img.style.position='absolute';img.style.left=(tx*256-x0)+'px';img.style.top=(ty*256-y0)+'px';view.appendChild(img);}
view.appendChild(pin);placePin();}
function placePin(){if(!lat.value||!lng.value||!isFinite(lat.value)||!isFinite(lng.value)){pin.style.display='none';return;}
var w=view.clientWidth||512;pin.style.left=(lon2x(Number(lng.value),z)-cx+w/2-12)+'px';pin.style.top=(lat2y(Number(lat.value),z)-cy+192-24)+'px';pin.style.display='block';}
view.addEventListener('click',function(e){var r=view.getBoundingClientRect(),w=view.clientWidth||512;var x=cx-w/2+e.clientX-r.left,y=cy-192+e.clientY-r.top;
lat.value=y2lat(y,z).toFixed(6);lng.value=x2lon(x,z).toFixed(6);placePin();status.textContent='已选位置：纬度 '+lat.value+'，经度 '+lng.value;
lat.dispatchEvent(new Event('change'));});
function btn(label,fn){var b=document.createElement('button');b.type='button';b.className='button button--secondary';b.textContent=label;b.addEventListener('click',function(){fn();draw();});return b;}
function zoom(d){var la=y2lat(cy,z),lo=x2lon(cx,z);z=Math.max(3,Math.min(18,z+d));cx=lon2x(lo,z);cy=lat2y(la,z);}
var bar=document.createElement('p');bar.className='actions';
[['放大',function(){zoom(1);}],['缩小',function(){zoom(-1);}],['向北',function(){cy-=128;}],['向南',function(){cy+=128;}],['向西',function(){cx-=128;}],['向东',function(){cx+=128;}]].forEach(function(a){bar.appendChild(btn(a[0],a[1]));});
box.hidden=false;box.appendChild(bar);box.appendChild(view);box.appendChild(status);draw();
[lat,lng].forEach(function(el){el.addEventListener('input',placePin);});
})();`;
